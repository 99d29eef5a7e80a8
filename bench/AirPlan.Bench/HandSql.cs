using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Dashboard.Rollups;
using Npgsql;
using NpgsqlTypes;

namespace AirPlan.Bench;

/// <summary>
/// The comparator: RollupQueries' figures (totals, or per plan) written by hand as one SQL statement and run through Npgsql,
/// with the same definitions (docs/status-model.md): as-of status from status_changes for past dates, 逾期 / 30天内到期 from
/// milestones and checkpoints recorded by then, 未按期报送 for the last closed period, 计入完成率 (lead/implementing, or
/// supporting when the task had nothing else). The bench checks the numbers agree with RollupQueries before timing.
/// </summary>
public static class HandSql
{
    private static string StatusAt(string end) =>
        $"coalesce((select sc.status from status_changes sc where sc.assignment_id = a.id and sc.changed_at < {end} order by sc.changed_at desc, sc.id desc limit 1), 'NotStarted')";

    /// <summary>
    /// The same aggregate over the cached facts (assignment_facts, what RollupQueries reads since the facts table exists):
    /// the comparator for how much EF's query adds on top of the table.
    /// </summary>
    public static string BuildOverFacts(bool byPlan, bool onePlan) => $"""
        with x as (
          select f.plan_id, f.task_id, f.status, f.first_missed_due as first_missed, f.next_due,
                 (f.next_due is not null and f.next_due <= @until) as due_soon, f.report_missing, f.counted
          from assignment_facts f
          where f.as_of = @date and f.from_history = @history
            and f.plan_id in (select p.id from plans p where p.region_id = any(@regions) {(onePlan ? "and p.key = @plan" : "")})
        )
        {Aggregate(byPlan)}
        """;

    private static string Aggregate(bool byPlan) => $"""
        select {(byPlan ? "plan_id" : "0")} as key, count(*)::int, count(distinct task_id)::int,
               count(*) filter (where status = 'Completed')::int, count(*) filter (where status = 'InProgress')::int,
               count(*) filter (where status = 'Submitted')::int, count(*) filter (where status = 'NotStarted')::int,
               count(*) filter (where status = 'Continuous')::int, count(*) filter (where first_missed is not null)::int,
               count(*) filter (where due_soon)::int, count(*) filter (where report_missing)::int, count(*) filter (where counted)::int,
               count(*) filter (where counted and status in ('Completed', 'Continuous'))::int, min(first_missed), min(next_due)
        from x {(byPlan ? "group by plan_id order by plan_id" : "")}
        """;

    public static string Build(bool fromHistory, bool byPlan, bool onePlan) => $"""
        with f as (
          select a.id, a.task_id, t.plan_id, a.role, a.created_at, p.reporting_cycle,
                 {(fromHistory ? StatusAt("@end") : "a.status")} as status
          from assignments a
          join tasks t on t.id = a.task_id
          join plans p on p.id = t.plan_id
          where p.region_id = any(@regions) and a.created_at < @end {(onePlan ? "and p.key = @plan" : "")}
        ),
        ms as (
          select f.id,
                 min(m.due_on) filter (where m.due_on < @date and (c.id is null or m.due_on = m.last_due)) as first_missed,
                 min(m.due_on) filter (where m.due_on >= @date and c.id is null) as next_due,
                 bool_or(m.due_on >= @date and m.due_on <= @until and c.id is null) as due_soon
          from f
          join (select id, task_id, due_on, max(due_on) over (partition by task_id) as last_due from milestones) m on m.task_id = f.task_id
          left join checkpoints c on c.assignment_id = f.id and c.milestone_id = m.id and c.recorded_at < @end
          where f.status <> 'Completed'
          group by f.id
        ),
        x as (
          select f.*, ms.first_missed, ms.next_due, coalesce(ms.due_soon, false) as due_soon,
                 case when f.reporting_cycle = 'Monthly'
                   then f.created_at < @m_end and {StatusAt("@m_end").Replace("a.id", "f.id")} <> 'Completed'
                        and not exists (select 1 from progress_reports r where r.assignment_id = f.id and r.period = @m_key and r.reported_at < @end)
                   else f.created_at < @q_end and {StatusAt("@q_end").Replace("a.id", "f.id")} <> 'Completed'
                        and not exists (select 1 from progress_reports r where r.assignment_id = f.id and r.period = @q_key and r.reported_at < @end)
                 end as report_missing,
                 (f.role <> 'Supporting' or not exists (select 1 from assignments o where o.task_id = f.task_id and o.role <> 'Supporting' and o.created_at < @end)) as counted
          from f left join ms on ms.id = f.id
        )
        {Aggregate(byPlan)}
        """;

    public static async Task<List<(int Key, RollupFigures Figures)>> RunAsync(NpgsqlDataSource source, AsOfDate asOf, IReadOnlyCollection<int> regions,
        string? planKey, bool byPlan, bool overFacts = false)
    {
        await using var cmd = source.CreateCommand(overFacts
            ? BuildOverFacts(byPlan, planKey is not null)
            : Build(asOf.FromHistory, byPlan, planKey is not null));
        cmd.Parameters.AddWithValue("history", asOf.FromHistory);
        var (qKey, _, qLast) = ReportingPeriods.LastClosed(asOf.Date, ReportingCycle.Quarterly);
        var (mKey, _, mLast) = ReportingPeriods.LastClosed(asOf.Date, ReportingCycle.Monthly);
        cmd.Parameters.Add(new NpgsqlParameter("regions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = regions.ToArray() });
        cmd.Parameters.AddWithValue("end", asOf.End);
        cmd.Parameters.AddWithValue("date", asOf.Date);
        cmd.Parameters.AddWithValue("until", asOf.Date.AddDays(RollupQueries.DueSoonDays));
        cmd.Parameters.AddWithValue("q_end", asOf.EndOf(qLast));
        cmd.Parameters.AddWithValue("q_key", qKey);
        cmd.Parameters.AddWithValue("m_end", asOf.EndOf(mLast));
        cmd.Parameters.AddWithValue("m_key", mKey);
        if (planKey is not null) cmd.Parameters.AddWithValue("plan", planKey);
        var rows = new List<(int, RollupFigures)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            DateOnly? D(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);
            var firstMissed = D(13);
            rows.Add((reader.GetInt32(0), new RollupFigures(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10),
                reader.GetInt32(11), reader.GetInt32(12), firstMissed, D(14), WarningLights.DaysOverdue(firstMissed, asOf.Date))));
        }
        return rows;
    }
}
