namespace AirPlan.Web.Data;

/// <summary>
/// The dashboard's roll-up figures of one unit's assignments in one plan, in one role (or <see cref="AnyRole"/>: all its
/// roles), as of a date: the same GROUP BY the roll-ups run over <see cref="AssignmentFact"/> rows, kept in <c>unit_facts</c>
/// so a province leader's breakdowns add up about 13,000 kept rows instead of grouping 89,000 facts on every uncached view
/// (docs/decisions/036-unit-facts.md). Every count adds up across plans and units: a task belongs to one plan, and a unit's
/// distinct tasks are counted within the row. Written only by <c>RollupQueries</c> from that query; a trigger on
/// <c>assignment_facts</c> marks the plans a write touches stale (<see cref="UnitFactStale"/>).
/// </summary>
public sealed class UnitFactRow
{
    /// <summary>The <see cref="Role"/> of a row that counts all of a unit's roles (the township breakdown, plan rows, totals).</summary>
    public const string AnyRole = "*";

    public DateOnly AsOf { get; init; }
    public bool FromHistory { get; init; }
    public int PlanId { get; init; }
    public int UnitId { get; init; }
    /// <summary>An <c>AssignmentRole</c> name, or <see cref="AnyRole"/>.</summary>
    public string Role { get; init; } = AnyRole;
    public int Assignments { get; init; }
    public int Tasks { get; init; }
    public int Completed { get; init; }
    public int InProgress { get; init; }
    public int Submitted { get; init; }
    public int NotStarted { get; init; }
    public int Continuous { get; init; }
    public int Overdue { get; init; }
    public int DueSoon { get; init; }
    public int ReportMissing { get; init; }
    public int Counted { get; init; }
    public int CountedDone { get; init; }
    public DateOnly? FirstMissedDue { get; init; }
    public DateOnly? NextDue { get; init; }
    public int CompletedOnTime { get; init; }
    public int CompletedLate { get; init; }
    public int TasksCompleted { get; init; }
    public int TasksInProgress { get; init; }
    public int TasksAwaitingReview { get; init; }
    public int TasksNotStarted { get; init; }
    public int TasksContinuous { get; init; }
    public int TasksOverdue { get; init; }
    public int TasksCompletedOnTime { get; init; }
    public int TasksCompletedLate { get; init; }
}

/// <summary>A plan whose <see cref="UnitFactRow"/> rows of a date must be counted again before they are read (written by the trigger).</summary>
public sealed class UnitFactStale
{
    public DateOnly AsOf { get; init; }
    public bool FromHistory { get; init; }
    public int PlanId { get; init; }
}
