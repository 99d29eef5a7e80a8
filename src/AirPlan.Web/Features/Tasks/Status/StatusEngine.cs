using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Status;

/// <summary>
/// The one status engine (docs/status-model.md, ADR 009): whether an assignment is 逾期, what falls due next, whether a report
/// is missing and whether it counts toward 完成率 are judged only by the SQL function <c>assignment_facts_compute</c>
/// (Data/Sql), whose verdicts are kept per plan and date as <see cref="AssignmentFact"/> rows. Every screen, the Excel report,
/// the calendar feed and reminders ask this class for those rows; the light and days-overdue shown beside them come from
/// <see cref="WarningLights"/>. Nothing else judges dates.
/// </summary>
public sealed partial class StatusEngine(OfficeClock clock, IConfiguration configuration)
{
    /// <summary>黄灯: due within this many days (AirPlan:Warnings:YellowDays).</summary>
    public int YellowDays => configuration.GetValue("AirPlan:Warnings:YellowDays", WarningLights.DefaultYellowDays);

    public DateOnly Today => clock.Today;

    /// <summary>The 截至日期 (today when null) against the app clock.</summary>
    public AsOfDate AsOf(DateOnly? date) => clock.AsOf(date);

    public WarningLight LightOf(DateOnly? firstMissedDue, DateOnly? nextDue, DateOnly asOf) =>
        WarningLights.Of(firstMissedDue, nextDue, asOf, YellowDays);

    public WarningLight LightOf(AssignmentFact? fact, DateOnly asOf) => LightOf(fact?.FirstMissedDue, fact?.NextDue, asOf);

    /// <summary>
    /// The filter's 截至日期, with the facts of every plan the filter can reach made sure of: call this before
    /// <see cref="FilterFacts"/>, <see cref="Filter"/> or <see cref="Facts"/> on the same date.
    /// </summary>
    public async Task<AsOfDate> PrepareAsync(AppDbContext db, UserContext actor, TaskFilter filter, CancellationToken ct = default)
    {
        var asOf = AsOf(filter.AsOf);
        var plans = Visibility.Plans(db, actor);
        if (!string.IsNullOrWhiteSpace(filter.Plan)) plans = plans.Where(p => p.Key == filter.Plan);
        await FactSnapshots.EnsureAsync(db, plans, asOf, ct);
        // The kept task counts of the date follow what the builds and writes changed (ADR 030).
        await TaskSnapshots.RefreshAsync(db, asOf, ct);
        return asOf;
    }

    /// <summary>
    /// The verdicts on the given assignments as of the date (today when null), by id, for screens that show a few loaded
    /// assignments (task page, report form, calendar). The caller has already checked the user may see them.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, AssignmentFact>> JudgeAsync(AppDbContext db, IReadOnlyCollection<int> assignmentIds,
        DateOnly? date = null, CancellationToken ct = default)
    {
        if (assignmentIds.Count == 0) return new Dictionary<int, AssignmentFact>();
        var asOf = AsOf(date);
        var ids = assignmentIds.ToList();
        var plans = db.Plans.Where(p => p.Tasks.Any(t => t.Assignments.Any(a => ids.Contains(a.Id))));
        await FactSnapshots.EnsureAsync(db, plans, asOf, ct);
        return await Facts(db, asOf).Where(f => ids.Contains(f.AssignmentId)).ToDictionaryAsync(f => f.AssignmentId, ct);
    }

    /// <summary>The assignments as judged on the date, one row each; see <see cref="PrepareAsync"/>.</summary>
    public static IQueryable<AssignmentFact> Facts(AppDbContext db, AsOfDate asOf)
    {
        var (date, history) = (asOf.Date, asOf.FromHistory);
        return db.AssignmentFacts.AsNoTracking().Where(f => f.AsOf == date && f.FromHistory == history);
    }
}
