using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Chasing.Notices;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Chasing.Job;

/// <summary>What one run wrote (null from <see cref="ChasingJob.RunAsync"/> when another instance was running the job).</summary>
public sealed record ChaseRunResult(long RunId, DateOnly AsOf, int DueSoon, int Overdue, int Escalated, int ReportMissing,
    int ReviewWaiting, int Notifications, int NoticesOverdue = 0)
{
    public int Steps => DueSoon + Overdue + Escalated + ReportMissing + ReviewWaiting;
}

/// <summary>
/// The daily chasing job (issue #13, docs/decisions/021-daily-chasing-job.md): reads the status engine's facts for every plan
/// on the day, asks <see cref="ChasingRules"/> which steps are due, records each new step once in <c>chase_steps</c>
/// (unique per assignment, kind and checkpoint, inserted with ON CONFLICT DO NOTHING) and sends the messages of the steps
/// that were new, in the same transaction. Run by <see cref="ChasingScheduler"/>, the admin page's 立即执行 and
/// <c>airplan chase</c>, always under the cluster lock so two instances never chase at once.
/// </summary>
public sealed class ChasingJob(IDbContextFactory<AppDbContext> dbFactory, OfficeClock office, ClusterLock clusterLock,
    NoticeService notices, ILogger<ChasingJob> logger)
{
    /// <summary>Steps (with their messages) committed per transaction: bounded memory and lock time at province scale.</summary>
    public const int ChunkSize = 2000;

    /// <summary>Runs the job for <paramref name="asOf"/> (today when null); null when another instance holds the job.</summary>
    public async Task<ChaseRunResult?> RunAsync(DateOnly? asOf, string trigger, string? startedBy, CancellationToken ct = default)
    {
        ChaseRunResult? result = null;
        await clusterLock.TryRunAsync(ClusterJob.Chasing, async token => result = await RunLockedAsync(asOf, trigger, startedBy, token), ct);
        return result;
    }

    /// <summary>立即执行 on /admin/chasing: today's run now, by an admin.</summary>
    public Task<ChaseRunResult?> RunNowAsync(UserContext actor, CancellationToken ct = default)
    {
        AccessPolicy.EnsureRunChasing(actor);
        return RunAsync(null, ChaseRun.Manual, actor.Name, ct);
    }

    /// <summary>
    /// The schedule's run: today's, unless a scheduled run of today has already finished (on this or another instance).
    /// After downtime this is the catch-up too: today's facts still hold every checkpoint missed meanwhile (ADR 021).
    /// </summary>
    public async Task<ChaseRunResult?> RunScheduledAsync(CancellationToken ct = default)
    {
        ChaseRunResult? result = null;
        await clusterLock.TryRunAsync(ClusterJob.Chasing, async token =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(token);
            var today = office.Today;
            // Checked under the lock: an instance that waited behind a run that just finished sees it here.
            if (await db.ChaseRuns.AnyAsync(r => r.AsOf == today && r.Trigger == ChaseRun.Scheduled && r.FinishedAt != null, token)) return;
            result = await RunLockedAsync(null, ChaseRun.Scheduled, null, token);
        }, ct);
        return result;
    }

    private async Task<ChaseRunResult> RunLockedAsync(DateOnly? requested, string trigger, string? startedBy, CancellationToken ct)
    {
        var asOf = office.AsOf(requested);
        var day = asOf.Date;
        var run = new ChaseRun(day, trigger, startedBy, office.Time.GetUtcNow());
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ChaseRuns.Add(run);
            await db.SaveChangesAsync(ct);
        }

        var due = await StepsDueAsync(asOf, ct);
        var counts = new Dictionary<string, int>();
        var notifications = 0;
        foreach (var chunk in due.Chunk(ChunkSize))
        {
            var (taken, sent) = await dbFactory.RetryingAsync(db => TakeStepsAsync(db, run.Id, chunk, day, ct), ct);
            foreach (var kind in taken) counts[kind] = counts.GetValueOrDefault(kind) + 1;
            notifications += sent;
        }

        var result = new ChaseRunResult(run.Id, day, counts.GetValueOrDefault(NotificationKinds.DueSoon),
            counts.GetValueOrDefault(NotificationKinds.Overdue), counts.GetValueOrDefault(NotificationKinds.Escalated),
            counts.GetValueOrDefault(NotificationKinds.ReportMissing), counts.GetValueOrDefault(NotificationKinds.ReviewWaiting), notifications,
            await NoticesOverdueAsync(day, ct));
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.ChaseRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.FinishedAt, office.Time.GetUtcNow())
                .SetProperty(r => r.DueSoon, result.DueSoon).SetProperty(r => r.Overdue, result.Overdue)
                .SetProperty(r => r.Escalated, result.Escalated).SetProperty(r => r.ReportMissing, result.ReportMissing)
                .SetProperty(r => r.ReviewWaiting, result.ReviewWaiting).SetProperty(r => r.Notifications, result.Notifications), ct);
        }
        return result;
    }

    /// <summary>
    /// 督办单 not answered by their reply date: marked 逾期未反馈 once, the region's coordinators told. A reply saved at the
    /// same moment wins (conflict); the next run takes up whatever is still unanswered.
    /// </summary>
    private async Task<int> NoticesOverdueAsync(DateOnly day, CancellationToken ct)
    {
        try
        {
            return await notices.EscalateUnansweredAsync(day, ct);
        }
        catch (ConcurrencyConflictException e)
        {
            logger.LogWarning(e, "督办单逾期未反馈的标记与一份反馈同时保存，本次跳过，下次执行时再标记");
            return 0;
        }
    }

    private sealed record PlanChasing(ChasingSettings Settings, DateOnly PeriodEnd);

    /// <summary>Every step due on the day by the rules, taken or not: one query over the engine's facts, judged in memory.</summary>
    private async Task<List<DueStep>> StepsDueAsync(AsOfDate asOf, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await FactSnapshots.EnsureAsync(db, db.Plans, asOf, ct);
        var plans = (await db.Plans.AsNoTracking()
                .Select(p => new { p.Id, p.DueSoonDays, p.EscalateAfterDays, p.ReviewWaitingDays, p.ReportingCycle }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => new PlanChasing(new ChasingSettings(p.DueSoonDays, p.EscalateAfterDays, p.ReviewWaitingDays),
                ReportingPeriods.LastClosed(asOf.Date, p.ReportingCycle).End));
        // Completed work has no dates left to chase; everything else is read once, as a narrow projection.
        var facts = await (from f in StatusEngine.Facts(db, asOf)
                           join a in db.Assignments on f.AssignmentId equals a.Id
                           where f.Status != AssignmentStatus.Completed
                           select new { f.AssignmentId, f.PlanId, f.Status, f.FirstMissedDue, f.NextDue, f.ReportMissing, a.SubmittedAt })
            .ToListAsync(ct);
        var zone = asOf.Zone;
        var due = new List<DueStep>();
        foreach (var f in facts)
        {
            var plan = plans[f.PlanId];
            var submitted = f.SubmittedAt is { } at ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime) : (DateOnly?)null;
            foreach (var step in ChasingRules.StepsDue(new ChaseFacts(f.Status, f.FirstMissedDue, f.NextDue, f.ReportMissing, submitted),
                         asOf.Date, plan.Settings, plan.PeriodEnd))
                due.Add(new DueStep(f.AssignmentId, KindOf(step.Kind), step.DueOn));
        }
        return due;
    }

    public static string KindOf(ChaseStepKind kind) => kind switch
    {
        ChaseStepKind.DueSoon => NotificationKinds.DueSoon,
        ChaseStepKind.Overdue => NotificationKinds.Overdue,
        ChaseStepKind.Escalated => NotificationKinds.Escalated,
        ChaseStepKind.ReportMissing => NotificationKinds.ReportMissing,
        ChaseStepKind.ReviewWaiting => NotificationKinds.ReviewWaiting,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A step due by the rules.</summary>
    private sealed record DueStep(int AssignmentId, string Kind, DateOnly DueOn);

    /// <summary>
    /// Records the chunk's steps that were not taken before and sends their messages, in one transaction: a step is on record
    /// if and only if its messages are. Returns the kinds of the steps taken and how many messages were written.
    /// </summary>
    private async Task<(List<string> Taken, int Sent)> TakeStepsAsync(AppDbContext db, long runId, DueStep[] chunk, DateOnly day,
        CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = chunk.Select(s => s.AssignmentId).ToArray();
        var kinds = chunk.Select(s => s.Kind).ToArray();
        var dues = chunk.Select(s => s.DueOn).ToArray();
        var now = office.Time.GetUtcNow();
        var takenStepIds = await db.Database.SqlQuery<long>($"""
            INSERT INTO chase_steps (assignment_id, kind, due_on, run_id, created_at)
            SELECT s.assignment_id, s.kind, s.due_on, {runId}, {now}
            FROM unnest({ids}, {kinds}, {dues}) AS s(assignment_id, kind, due_on)
            ON CONFLICT (assignment_id, kind, due_on) DO NOTHING
            RETURNING id AS "Value"
            """).ToArrayAsync(ct);
        if (takenStepIds.Length == 0)
        {
            await transaction.CommitAsync(ct);
            return ([], 0);
        }

        var taken = await db.ChasedSteps.AsNoTracking().Where(s => takenStepIds.Contains(s.Id))
            .Select(s => new DueStep(s.AssignmentId, s.Kind, s.DueOn)).ToListAsync(ct);
        var takenIds = taken.Select(s => s.AssignmentId).Distinct().ToArray();
        var about = await db.Assignments.AsNoTracking().Where(a => takenIds.Contains(a.Id))
            .Select(a => new About(a.Id, a.TaskId, a.UnitId, a.Unit!.Name, a.Task!.Title, a.Task.Plan!.Key, a.Task.Plan.RegionId,
                a.Task.Plan.ReportingCycle))
            .ToDictionaryAsync(a => a.Id, ct);
        var liaisons = await Recipients.LiaisonsOfUnitsAsync(db, about.Values.Select(a => a.UnitId).Distinct().ToList(), ct);
        var coordinators = new Dictionary<int, List<string>>();
        var sent = 0;
        foreach (var step in taken)
        {
            var a = about[step.AssignmentId];
            var toCoordinators = step.Kind is NotificationKinds.Escalated or NotificationKinds.ReviewWaiting;
            List<string> recipients;
            if (toCoordinators)
            {
                if (!coordinators.TryGetValue(a.RegionId, out recipients!))
                    coordinators[a.RegionId] = recipients = await Recipients.CoordinatorsOfRegionAsync(db, a.RegionId, ct);
            }
            else recipients = liaisons.GetValueOrDefault(a.UnitId) ?? [];
            var (title, body) = Message(step, a, day);
            sent += db.Notify(recipients, step.Kind, title, body, Notifier.AssignmentLink(a.PlanKey, a.TaskId, a.Id), a.TaskId, a.Id, now).Count;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (taken.Select(s => s.Kind).ToList(), sent);
    }

    private sealed record About(int Id, int TaskId, int UnitId, string UnitName, string TaskTitle, string PlanKey, int RegionId,
        ReportingCycle Cycle);

    private static (string Title, string Body) Message(DueStep step, About a, DateOnly day)
    {
        var date = ChineseDate.Format(step.DueOn);
        return step.Kind switch
        {
            NotificationKinds.DueSoon => ($"临期提醒：{a.TaskTitle}",
                step.DueOn == day
                    ? $"{a.UnitName}承担的「{a.TaskTitle}」今天（{date}）到期，请按时完成并报送进展。"
                    : $"{a.UnitName}承担的「{a.TaskTitle}」将于{date}到期（还有 {step.DueOn.DayNumber - day.DayNumber} 天），请抓紧推进、按时报送进展。"),
            NotificationKinds.Overdue => ($"逾期催办：{a.TaskTitle}",
                $"{a.UnitName}承担的「{a.TaskTitle}」完成时限为{date}，现已逾期，请尽快办结并报送进展情况。"),
            NotificationKinds.Escalated => ($"督办：{a.UnitName}「{a.TaskTitle}」",
                $"{a.UnitName}承担的「{a.TaskTitle}」完成时限为{date}，已逾期 {WarningLights.DaysOverdue(step.DueOn, day)} 天，已列入督办，请督促办结。"),
            NotificationKinds.ReportMissing => ($"未按期报送：{a.TaskTitle}",
                $"{a.UnitName}未报送「{a.TaskTitle}」{ReportingPeriods.Title(ReportingPeriods.KeyOf(step.DueOn, a.Cycle))}进展情况，请尽快补报。"),
            NotificationKinds.ReviewWaiting => ($"待核验提醒：{a.UnitName}「{a.TaskTitle}」",
                $"{a.UnitName}于{date}提交完成「{a.TaskTitle}」，已等待核验 {day.DayNumber - step.DueOn.DayNumber} 天，请及时核验。"),
            _ => (NotificationKinds.Title(step.Kind), a.TaskTitle),
        };
    }
}
