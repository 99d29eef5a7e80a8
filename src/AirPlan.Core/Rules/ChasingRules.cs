using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>A plan's 催办 thresholds (days); the defaults are what the offices asked for in issue #13.</summary>
public sealed record ChasingSettings(int DueSoonDays, int EscalateAfterDays, int ReviewWaitingDays)
{
    public static readonly ChasingSettings Default = new(7, 15, 5);

    public const int MaxDays = 365;

    /// <summary>Why the settings cannot be saved, in the offices' words; null when they can.</summary>
    public string? Problem() =>
        DueSoonDays is < 0 or > MaxDays ? $"临期提醒天数应在 0 到 {MaxDays} 之间"
        : EscalateAfterDays is < 1 or > MaxDays ? $"督办天数应在 1 到 {MaxDays} 之间"
        : ReviewWaitingDays is < 1 or > MaxDays ? $"待核验提醒天数应在 1 到 {MaxDays} 之间"
        : null;
}

/// <summary>One chasing step; <see cref="DueOn"/> is the checkpoint (or submission, or period end) it is about.</summary>
public enum ChaseStepKind
{
    /// <summary>临期提醒 → the unit's liaisons.</summary>
    DueSoon,
    /// <summary>逾期催办 → the unit's liaisons.</summary>
    Overdue,
    /// <summary>督办 → the region's coordinators; flagged red on the dashboard.</summary>
    Escalated,
    /// <summary>未按期报送 → the unit's liaisons.</summary>
    ReportMissing,
    /// <summary>待核验提醒 → the region's coordinators.</summary>
    ReviewWaiting,
}

/// <summary>A step is recorded once per (assignment, kind, due date): that triple is what “never repeated” means.</summary>
public readonly record struct ChaseStep(ChaseStepKind Kind, DateOnly DueOn);

/// <summary>
/// What the status engine said about one assignment on the day the job runs. Every date verdict (overdue, next due, report
/// missing) is the engine's; <see cref="SubmittedOn"/> is only when the submission was made.
/// </summary>
public readonly record struct ChaseFacts(AssignmentStatus Status, DateOnly? FirstMissedDue, DateOnly? NextDue, bool ReportMissing,
    DateOnly? SubmittedOn);

/// <summary>
/// Which chasing steps are due for an assignment (issue #13, docs/decisions/021-daily-chasing-job.md). Pure: it reads the
/// engine's verdicts and never judges a deadline itself; whether a step was already taken is the caller's record.
/// </summary>
public static class ChasingRules
{
    /// <param name="lastClosedPeriodEnd">Last day of the reporting period that <see cref="ChaseFacts.ReportMissing"/> is about.</param>
    public static IEnumerable<ChaseStep> StepsDue(ChaseFacts facts, DateOnly today, ChasingSettings settings, DateOnly lastClosedPeriodEnd)
    {
        // A submission waiting for review is the coordinators' turn: the liaisons are not chased for the deadline meanwhile.
        var liaisonsTurn = facts.Status is not (AssignmentStatus.Submitted or AssignmentStatus.Completed);
        if (liaisonsTurn)
        {
            if (facts.NextDue is { } next && next >= today && next.DayNumber - today.DayNumber <= settings.DueSoonDays)
                yield return new ChaseStep(ChaseStepKind.DueSoon, next);
            if (facts.FirstMissedDue is { } missed)
            {
                yield return new ChaseStep(ChaseStepKind.Overdue, missed);
                if (WarningLights.DaysOverdue(missed, today) >= settings.EscalateAfterDays)
                    yield return new ChaseStep(ChaseStepKind.Escalated, missed);
            }
        }
        if (facts.ReportMissing)
            yield return new ChaseStep(ChaseStepKind.ReportMissing, lastClosedPeriodEnd);
        if (facts.Status == AssignmentStatus.Submitted && facts.SubmittedOn is { } submitted
            && today.DayNumber - submitted.DayNumber > settings.ReviewWaitingDays)
            yield return new ChaseStep(ChaseStepKind.ReviewWaiting, submitted);
    }
}
