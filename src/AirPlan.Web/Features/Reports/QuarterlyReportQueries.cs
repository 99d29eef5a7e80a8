using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Reports;

public sealed record ScopeOption(int Id, string Name);

public sealed record ExportScopeOptions(IReadOnlyList<ScopeOption> Units, IReadOnlyList<ScopeOption> Townships);

/// <summary>A report request that cannot be served as asked (bad quarter, nothing visible); the message is for the user.</summary>
public sealed class ReportRequestException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;
}

/// <summary>
/// Loads the 季度进展台账 for what the actor may see (Visibility via the status engine's filter) in a fixed number of bulk
/// queries, whatever the number of tasks: no query per row.
/// </summary>
public sealed class QuarterlyReportQueries(IDbContextFactory<AppDbContext> dbFactory, OfficeClock clock, RollupQueries rollups)
{
    public DateOnly Today => clock.Today;

    public async Task<QuarterlyReport> LoadAsync(UserContext actor, QuarterlyReportRequest request, CancellationToken ct = default)
    {
        if (!QuarterKey.TryParse(request.Quarter, out var key, out var start, out var end))
            throw new ReportRequestException($"季度「{request.Quarter}」格式不正确，应为 2025Q3 这样的形式");
        var today = Today;
        if (start > today) throw new ReportRequestException($"{ReportingPeriods.Title(key)}尚未开始，无法导出");
        // A quarter still running is reported as of today: the ledger states facts, not a forecast of 逾期.
        var asOf = end < today ? end : today;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filter = new TaskFilter
        {
            Plan = request.IsAllPlans ? null : request.Plan, UnitId = request.UnitId, TownshipId = request.TownshipId, AsOf = asOf,
        };
        // The dashboard's per-assignment facts (status, 逾期 and first missed date as of the date): one rule set for both.
        var facts = await rollups.FactsAsync(actor, filter, ct);
        if (facts.Count == 0 && !request.IsAllPlans
            && !await Visibility.Assignments(db, actor).AnyAsync(a => a.Task!.Plan!.Key == request.Plan, ct))
            throw new ReportRequestException($"方案「{request.Plan}」不存在，或不在您可查看的范围内", notFound: true);

        var ids = facts.Select(f => f.AssignmentId).ToList();
        var taskIds = facts.Select(f => f.TaskId).Distinct().ToList();
        var planIds = facts.Select(f => f.PlanId).Distinct().ToList();
        if (!request.IsAllPlans && planIds.Count == 0)
            planIds = await db.Plans.Where(p => p.Key == request.Plan).Select(p => p.Id).ToListAsync(ct);
        var who = await db.Assignments.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Role, UnitName = a.Unit!.Name, a.Unit.Kind }).ToDictionaryAsync(a => a.Id, ct);

        var plans = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id)).OrderBy(p => p.Key)
            .Select(p => new { p.Id, p.Key, p.Title, p.RegionNameAsWritten, Areas = p.Region!.Level }).ToListAsync(ct);
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => taskIds.Contains(t.Id) || (t.ParentId != null && taskIds.Contains(t.ParentId.Value)))
            .Select(t => new
            {
                t.Id, t.ParentId, t.PlanId, t.Number, t.Order, t.Title, t.Text, t.TownshipScope, t.IsContinuous, t.Recurrence, t.Section,
                ChapterNumber = t.Chapter != null ? t.Chapter.Number : "", ChapterTitle = t.Chapter != null ? t.Chapter.Title : "",
            })
            .ToListAsync(ct);
        var milestones = (await db.Milestones.AsNoTracking().Where(m => taskIds.Contains(m.TaskId))
                .Select(m => new { m.TaskId, m.DueOn }).ToListAsync(ct))
            .ToLookup(m => m.TaskId, m => m.DueOn);
        // The descriptive columns name every unit of the task, even when the export is narrowed to one unit.
        var taskUnits = (await db.Assignments.AsNoTracking().Where(a => taskIds.Contains(a.TaskId) && a.ClosedAt == null)
                .Select(a => new { a.TaskId, a.Id, a.Role, a.Unit!.Name }).ToListAsync(ct))
            .OrderBy(a => a.Id).ToLookup(a => a.TaskId);
        var periods = QuarterKey.PeriodKeys(key, start).ToList();
        var reports = (await db.ProgressReports.AsNoTracking()
                .Where(r => ids.Contains(r.AssignmentId) && periods.Contains(r.Period))
                .Select(r => new ReportText(r.AssignmentId, r.Progress, r.Problems, r.NextSteps, r.ReportedAt)).ToListAsync(ct))
            .GroupBy(r => r.AssignmentId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.ReportedAt)!);
        // Reports and evidence for a quarter are filed in the weeks after it ends, so they are chosen by period, not by the
        // report date; only statuses are read as of the report date (from the status history).
        var lastReports = await db.ProgressReports.AsNoTracking().Where(r => ids.Contains(r.AssignmentId))
            .GroupBy(r => r.AssignmentId).Select(g => new { g.Key, Last = g.Max(r => r.ReportedAt) })
            .ToDictionaryAsync(x => x.Key, x => x.Last, ct);
        var evidence = await db.Evidence.AsNoTracking()
            .Where(e => ids.Contains(e.AssignmentId) && e.RemovedAt == null)
            .GroupBy(e => e.AssignmentId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var zone = clock.Time.LocalTimeZone;
        var factsByTask = facts.ToLookup(f => f.TaskId);
        var subitems = tasks.Where(t => t.ParentId != null).OrderBy(t => t.Order).ToLookup(t => t.ParentId!.Value);
        var reportPlans = plans.Select(p => new ReportPlan(p.Key, p.Title, tasks
            .Where(t => t.PlanId == p.Id && t.ParentId == null && taskIds.Contains(t.Id)).OrderBy(t => t.Order)
            .Select(t =>
            {
                var assignments = factsByTask[t.Id]
                    .Select(f => (Fact: f, Who: who[f.AssignmentId]))
                    .OrderBy(x => x.Who.Role).ThenBy(x => x.Fact.AssignmentId)
                    .Select(x => new ReportAssignment(x.Fact.AssignmentId, x.Fact.UnitId, x.Who.UnitName, x.Who.Kind, x.Fact.TownshipRegionId,
                        x.Who.Role, x.Fact.Status, x.Fact.Overdue ? x.Fact.FirstMissedDue : null,
                        x.Fact.Overdue ? WarningLights.DaysOverdue(x.Fact.FirstMissedDue, asOf) : 0,
                        lastReports.TryGetValue(x.Fact.AssignmentId, out var last) ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(last, zone).DateTime) : null,
                        evidence.GetValueOrDefault(x.Fact.AssignmentId), x.Fact.CompletedLateDays))
                    .ToList();
                var reported = assignments.Where(a => reports.ContainsKey(a.Id)).Select(a => (a.UnitName, Report: reports[a.Id])).ToList();
                string Join(Func<ReportText, string?> pick) => JoinReports(reported.Select(r => (r.UnitName, pick(r.Report))).ToList());
                var units = taskUnits[t.Id].ToList();
                var rollup = TaskRollup.Count(factsByTask[t.Id].Select(f => (f.Counted, f.Status, f.Overdue, f.CompletedLateDays != null)));
                return new ReportTask(t.Id, p.Key,
                    SectionPath.Of(t.ChapterNumber, t.ChapterTitle, t.Section),
                    t.Title, t.Text,
                    units.Where(u => u.Role == AssignmentRole.Lead).Select(u => u.Name).Distinct().ToList(),
                    units.Where(u => u.Role == AssignmentRole.Supporting).Select(u => u.Name).Distinct().ToList(),
                    t.TownshipScope switch
                    {
                        Core.Parsing.TownshipScopeKind.All => AreaTerms.For(p.Areas).Every,
                        _ => string.Join("、", units.Where(u => u.Role == AssignmentRole.Implementing).Select(u => u.Name).Distinct()),
                    },
                    milestones[t.Id].Distinct().Order().ToList(), t.IsContinuous, t.Recurrence,
                    TaskRollup.StateOf(rollup),
                    Join(r => r.Progress), Join(r => r.Problems), Join(r => r.NextSteps),
                    assignments.Sum(a => a.EvidenceCount),
                    subitems[t.Id].Select(s => new ReportSubitem(s.Number, s.Title, s.Text)).ToList(),
                    assignments)
                {
                    Rollup = rollup, MostDaysCompletedLate = factsByTask[t.Id].Where(f => f.Counted).Max(f => f.CompletedLateDays),
                };
            }).ToList())).ToList();

        var single = plans.Count == 1 && !request.IsAllPlans ? plans[0] : null;
        var title = (single is null ? "空气质量持续改善实施方案" : LedgerTitle(single.Title, single.RegionNameAsWritten))
            + $"任务推进台账（{ReportingPeriods.Title(key)}）";
        var filler = request.UnitId is { } || request.TownshipId is { }
            ? (who.Values.FirstOrDefault()?.UnitName ?? await ScopeNameAsync(db, request, ct))
            : single?.RegionNameAsWritten ?? "全部方案";
        var totals = await rollups.TotalsAsync(actor, filter, ct);
        var summary = new ReportSummary(
            await rollups.ByDepartmentAsync(actor, filter, AssignmentRole.Lead, ct),
            await rollups.ByDepartmentAsync(actor, filter, AssignmentRole.Supporting, ct),
            await rollups.ByTownshipAsync(actor, filter, ct),
            totals.Figures, totals.Tasks);
        return new QuarterlyReport(title, filler, asOf, key, reportPlans, summary, AreaTerms.For(plans.Select(p => p.Areas)));
    }

    /// <summary>Units and townships of a plan the actor can narrow an export to (what they may see of it).</summary>
    public async Task<ExportScopeOptions> ScopeOptionsAsync(UserContext actor, string planKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await Visibility.Assignments(db, actor).Where(a => a.Task!.Plan!.Key == planKey)
            .Select(a => new { a.UnitId, a.Unit!.Name, a.Unit.Kind, a.Unit.TownshipRegionId }).Distinct().ToListAsync(ct);
        return new ExportScopeOptions(
            units.Where(u => u.Kind == UnitKind.Department).OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => new ScopeOption(u.UnitId, u.Name)).ToList(),
            units.Where(u => u.TownshipRegionId != null).OrderBy(u => u.Name, StringComparer.Ordinal)
                .Select(u => new ScopeOption(u.TownshipRegionId!.Value, u.Name)).DistinctBy(o => o.Id).ToList());
    }

    /// <summary>The quarters one can export: from the current one back <paramref name="count"/> quarters.</summary>
    public IReadOnlyList<string> RecentQuarters(int count = 8)
    {
        var quarters = new List<string>();
        var day = Today;
        for (var i = 0; i < count; i++)
        {
            quarters.Add(QuarterKey.Of(day));
            day = ReportingPeriods.BoundsOf(day, ReportingCycle.Quarterly).Start.AddDays(-1);
        }
        return quarters;
    }

    /// <summary>洛阳市孟津区空气质量持续改善实施方案 → 孟津区空气质量持续改善实施方案: ledgers start from the plan's own region.</summary>
    public static string LedgerTitle(string planTitle, string region)
    {
        var at = region.Length > 0 ? planTitle.IndexOf(region, StringComparison.Ordinal) : -1;
        return at > 0 ? planTitle[at..] : at == 0 ? planTitle : region + planTitle;
    }

    private sealed record ReportText(int AssignmentId, string Progress, string? Problems, string? NextSteps, DateTimeOffset ReportedAt);

    private static string JoinReports(List<(string Unit, string? Text)> parts)
    {
        var written = parts.Where(p => !string.IsNullOrWhiteSpace(p.Text)).ToList();
        return written.Count switch
        {
            0 => "",
            1 => written[0].Text!,
            _ => string.Join("\n", written.Select(p => $"【{p.Unit}】{p.Text}")),
        };
    }

    private static async Task<string> ScopeNameAsync(AppDbContext db, QuarterlyReportRequest request, CancellationToken ct) =>
        request.UnitId is { } unitId
            ? await db.Units.Where(u => u.Id == unitId).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? ""
            : await db.Regions.Where(r => r.Id == request.TownshipId).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? "";
}
