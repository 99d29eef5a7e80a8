using System.Diagnostics;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AirPlan.Web.Seeding;

/// <summary>
/// Development only: gives the freshly imported seed plans a 2025 of work — reports, evidence, 退回 and 核验 — drawn by the same
/// <see cref="WorkHistory"/> as <c>airplan generate</c>, so the dashboard, lists and ledgers have something to show. Fixed seed,
/// one random stream per plan: every first start makes the same history. <c>AirPlan:Demo:History=false</c> turns it off.
/// </summary>
public sealed class DemoHistory(IDbContextFactory<AppDbContext> dbFactory, IFileStore files, IConfiguration configuration,
    ILogger<DemoHistory> logger)
{
    public const int Seed = 2025;
    private static readonly DateTime YearStart = new(2025, 1, 1, 1, 0, 0, DateTimeKind.Utc);

    public bool Enabled => configuration.GetValue("AirPlan:Demo:History", true);

    public async Task WriteAsync(CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Assignments.AsNoTracking().Where(a => a.ClosedAt == null).OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id, a.TaskId, a.UnitId, a.Role, a.Task!.Title, a.Task.IsContinuous, a.Task.Plan!.Key, a.Task.Plan.IssuedOn,
                Milestones = a.Task.Milestones.OrderBy(m => m.DueOn).Select(m => new HistoryMilestone(m.Id, m.DueOn)).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);
        var plans = rows.Select(r => r.Key).Distinct().Order(StringComparer.Ordinal).ToList();
        // Work starts in 2025 (or on a later issue date), so the year reads as a year of work rather than one burst.
        var subjects = rows.Select(r => new HistorySubject(r.Id, r.TaskId, r.UnitId, r.Role.ToString(), r.Title, r.IsContinuous, r.Milestones,
                r.IssuedOn is { } issued && issued.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) > YearStart
                    ? issued.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc) : YearStart,
                plans.IndexOf(r.Key)))
            .ToList();
        var history = new WorkHistory(_ => { });
        var samples = await DemoEvidenceFiles.StoreAsync(files, ct);
        await db.Database.InTransactionAsync(async token =>
        {
            var streams = plans.Select((_, i) => new Random(Seed * 1_000_003 + i * 7_919)).ToArray();
            await history.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), subjects, streams,
                new HistoryOptions(ReportsPerAssignment: 4, EvidencePerAssignment: 1, InsertAssignments: false, samples), clock, token);
        }, ct);
        logger.LogInformation("演示数据：为示范方案生成 2025 年工作记录（进展报送 {Reports} 条，佐证材料 {Evidence} 份），用时 {Seconds:F1}s",
            history.Rows.GetValueOrDefault("progress_reports"), history.Rows.GetValueOrDefault("evidence"), clock.Elapsed.TotalSeconds);
    }
}
