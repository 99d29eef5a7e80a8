using System.Globalization;
using System.Text;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;
using AirPlan.Web.Security;
using Npgsql;

namespace AirPlan.Bench;

/// <summary>In-process timings of the dashboard roll-ups and the task list on the generated data, next to hand-written SQL.</summary>
public static class QueryBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var conn = args.Require("conn");
        var iterations = args.Int("iterations", 30);
        var warmup = args.Int("warmup", 5);
        var asOfDate = DateOnly.Parse(args.Get("as-of") ?? "2025-06-30", CultureInfo.InvariantCulture);
        using var host = await BenchHost.StartAsync(conn);
        var services = host.Services;
        var (_, countyPlan) = await BenchAccounts.EnsureAsync(services);
        var leader = await BenchAccounts.ContextAsync(services, BenchAccounts.Leader);
        var county = await BenchAccounts.ContextAsync(services, BenchAccounts.County);
        var rollups = services.GetRequiredService<RollupQueries>();
        var lists = services.GetRequiredService<TaskListQueries>();
        await using var source = NpgsqlDataSource.Create(conn);

        long assignments;
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            assignments = await db.Assignments.LongCountAsync();

        var now = new TaskFilter();
        var past = new TaskFilter { AsOf = asOfDate };
        var countyScope = new TaskFilter { Plan = countyPlan };
        var countyPast = countyScope with { AsOf = asOfDate };

        // Cold: facts of a plan and date are computed on first use (then kept current by triggers). Start from none.
        await using (var clear = source.CreateCommand("DELETE FROM assignment_facts; DELETE FROM fact_snapshots")) await clear.ExecuteNonQueryAsync();
        var cold = new List<(string Name, double Ms)>();
        async Task Cold(string name, Func<Task> action)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await action();
            cold.Add((name, watch.Elapsed.TotalMilliseconds));
            Console.WriteLine($"cold {name,-60} {watch.Elapsed.TotalMilliseconds,8:F1} ms");
        }
        await Cold("county TotalsAsync, today (builds 1 plan)", () => rollups.TotalsAsync(county, countyScope));
        await Cold("county TotalsAsync, today (built)", () => rollups.TotalsAsync(county, countyScope));
        await Cold($"county TotalsAsync, as of {asOfDate} (builds 1 plan)", () => rollups.TotalsAsync(county, countyPast));
        await Cold("province TotalsAsync, today (builds the other 149 plans)", () => rollups.TotalsAsync(leader, now));
        await Cold($"province TotalsAsync, as of {asOfDate} (builds 149 plans)", () => rollups.TotalsAsync(leader, past));
        // What the triggers add to a write once snapshots exist (rolled back): a status change refreshes the task's
        // assignments in the live snapshot; a deadline change re-judges them in every snapshot of the plan.
        async Task<double> WriteCost(string sql)
        {
            var times = new List<double>();
            for (var i = 0; i < 12; i++)
            {
                await using var connection = await source.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await using (var command = new NpgsqlCommand(sql, connection, transaction)) await command.ExecuteNonQueryAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                await transaction.RollbackAsync();
            }
            return times.Skip(2).Order().ElementAt(times.Count / 2 - 1);
        }
        var anAssignment = "(SELECT min(id) FROM assignments)";
        cold.Add(("write: one assignment's status (median of 10, rolled back)",
            await WriteCost($"UPDATE assignments SET status = 'InProgress' WHERE id = {anAssignment}")));
        cold.Add(("write: one assignment's status, no triggers (same)",
            await WriteCost($"SET LOCAL session_replication_role = replica; UPDATE assignments SET status = 'InProgress' WHERE id = {anAssignment}")));
        cold.Add(("write: one task's deadline (median of 10, rolled back)",
            await WriteCost("UPDATE milestones SET due_on = due_on + 1 WHERE id = (SELECT min(id) FROM milestones)")));
        foreach (var (name, ms) in cold.Skip(5)) Console.WriteLine($"{name,-66} {ms,8:F1} ms");

        // Correctness first: the comparator must count what RollupQueries counts, or the ratio means nothing.
        var checks = new List<string>();
        async Task Check(string name, TaskFilter scope, UserContext actor, bool byPlan)
        {
            var at = rollups.AsOf(scope);
            var sql = await HandSql.RunAsync(source, at, actor.RegionIds, scope.Plan, byPlan);
            var overFacts = await HandSql.RunAsync(source, at, actor.RegionIds, scope.Plan, byPlan, overFacts: true);
            IEnumerable<(int, RollupFigures)> ef = byPlan
                ? (await rollups.ByPlanAsync(actor, scope)).Select(r => (r.Id, r.Figures)).OrderBy(r => r.Id)
                : [(0, (await rollups.TotalsAsync(actor, scope)).Figures)];
            var same = ef.SequenceEqual(sql) && ef.SequenceEqual(overFacts);
            checks.Add($"{name}: {(same ? "same figures" : "DIFFERENT FIGURES")}");
            if (!same) Console.Error.WriteLine($"{name}: EF {string.Join(" | ", ef.Take(2))} vs SQL {string.Join(" | ", sql.Take(2))}");
        }
        await Check("county totals (today)", countyScope, county, false);
        await Check("province totals (today)", now, leader, false);
        await Check("province by plan (today)", now, leader, true);
        await Check($"province totals (as of {asOfDate})", past, leader, false);
        await Check($"province by plan (as of {asOfDate})", past, leader, true);
        foreach (var c in checks) Console.WriteLine(c);

        var rows = new List<(string Group, string Name, Stats Stats, string Target, Stats? Sql, Stats? FactsSql)>();
        async Task<Stats> M(string group, string name, string target, Func<Task> action, Func<bool, Task>? sql = null)
        {
            var s = await Timer.MeasureAsync(warmup, iterations, action);
            var h = sql is null ? null : await Timer.MeasureAsync(warmup, iterations, () => sql(false));
            var f = sql is null ? null : await Timer.MeasureAsync(warmup, iterations, () => sql(true));
            rows.Add((group, name, s, target, h, f));
            Console.WriteLine($"{group,-22} {name,-48} p50 {s.P50,8:F1}  p95 {s.P95,8:F1}" + (h is null || f is null ? "" :
                $"   sql p50 {h.P50,7:F1} p95 {h.P95,7:F1}  ratio {s.P50 / h.P50:F2}   facts sql p50 {f.P50,6:F1} p95 {f.P95,6:F1}  ratio {s.P50 / f.P50:F2}"));
            return s;
        }
        Func<bool, Task> Sql(UserContext actor, TaskFilter scope, bool byPlan) => overFacts =>
            HandSql.RunAsync(source, rollups.AsOf(scope), actor.RegionIds, scope.Plan, byPlan, overFacts);

        // One county's dashboard: totals, departments (lead), townships, overdue top 50 — what a county dashboard loads.
        var c1 = await M("dashboard county", "TotalsAsync", "", () => rollups.TotalsAsync(county, countyScope), Sql(county, countyScope, false));
        var c2 = await M("dashboard county", "ByDepartmentAsync(Lead)", "", () => rollups.ByDepartmentAsync(county, countyScope, AssignmentRole.Lead));
        var c3 = await M("dashboard county", "ByTownshipAsync", "", () => rollups.ByTownshipAsync(county, countyScope));
        var c4 = await M("dashboard county", "OverdueAsync(50)", "", () => rollups.OverdueAsync(county, countyScope));
        var c5 = await M("dashboard county", "MatrixAsync", "", () => rollups.MatrixAsync(county, countyScope));
        var cAll = await M("dashboard county", "all five, sequential", "< 50 ms p95", async () =>
        {
            await rollups.TotalsAsync(county, countyScope);
            await rollups.ByDepartmentAsync(county, countyScope, AssignmentRole.Lead);
            await rollups.ByTownshipAsync(county, countyScope);
            await rollups.OverdueAsync(county, countyScope);
            await rollups.MatrixAsync(county, countyScope);
        });

        // The province: totals, per county plan, overdue top 50.
        await M("dashboard province", "TotalsAsync", "≤ 1.5× SQL", () => rollups.TotalsAsync(leader, now), Sql(leader, now, false));
        await M("dashboard province", "ByPlanAsync (150 plans)", "≤ 1.5× SQL", () => rollups.ByPlanAsync(leader, now), Sql(leader, now, true));
        await M("dashboard province", "OverdueAsync(50)", "", () => rollups.OverdueAsync(leader, now));
        await M("dashboard province", "totals + by plan + overdue", "< 300 ms p95", async () =>
        {
            await rollups.TotalsAsync(leader, now);
            await rollups.ByPlanAsync(leader, now);
            await rollups.OverdueAsync(leader, now);
        });

        // As of a past date: statuses from status_changes.
        await M($"as-of {asOfDate:yyyy-MM-dd}", "county TotalsAsync", "< 50 ms p95", () => rollups.TotalsAsync(county, countyPast), Sql(county, countyPast, false));
        await M($"as-of {asOfDate:yyyy-MM-dd}", "province TotalsAsync", "≤ 1.5× SQL", () => rollups.TotalsAsync(leader, past), Sql(leader, past, false));
        await M($"as-of {asOfDate:yyyy-MM-dd}", "province ByPlanAsync", "≤ 1.5× SQL", () => rollups.ByPlanAsync(leader, past), Sql(leader, past, true));

        // Task list first page.
        await M("task list page 1", "county plan, overdue (coordinator)", "< 50 ms p95", () => lists.ListAsync(county, countyScope with { Overdue = true }));
        await M("task list page 1", "county plan, no filter (coordinator)", "< 50 ms p95", () => lists.ListAsync(county, countyScope));
        await M("task list page 1", "province, overdue (leader)", "< 50 ms p95", () => lists.ListAsync(leader, now with { Overdue = true }));
        await M("task list page 1", "province, no filter (leader)", "< 50 ms p95", () => lists.ListAsync(leader, now));

        var md = new StringBuilder();
        md.AppendLine($"Data: {assignments:N0} assignments; {iterations} iterations after {warmup} warm-up; times in ms; as-of date {asOfDate:yyyy-MM-dd}; today {rollups.AsOf(now).Date:yyyy-MM-dd}.");
        md.AppendLine();
        foreach (var c in checks) md.AppendLine($"- comparator check, {c}");
        md.AppendLine();
        md.AppendLine("| first use / write | ms |");
        md.AppendLine("|---|---:|");
        foreach (var (name, ms) in cold) md.AppendLine($"| {name} | {ms:F1} |");
        md.AppendLine();
        md.AppendLine("| group | query | n | p50 | p95 | p99 | SQL from work tables p50 / p95 | app ÷ it (p50) | SQL over assignment_facts p50 / p95 | app ÷ it (p50) | target |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
            md.AppendLine($"| {r.Group} | {r.Name} | {r.Stats.N} | {r.Stats.P50:F1} | {r.Stats.P95:F1} | {r.Stats.P99:F1} | "
                + (r.Sql is { } h ? $"{h.P50:F1} / {h.P95:F1} | {r.Stats.P50 / h.P50:F2}" : " | ")
                + " | " + (r.FactsSql is { } f ? $"{f.P50:F1} / {f.P95:F1} | {r.Stats.P50 / f.P50:F2}" : " | ")
                + $" | {r.Target} |");
        var text = md.ToString();
        Console.WriteLine(text);
        if (args.Get("out") is { } file) await File.WriteAllTextAsync(file, text);
        _ = (c1, c2, c3, c4, c5, cAll);
        return 0;
    }
}
