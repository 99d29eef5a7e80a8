namespace AirPlan.Web.Data;

/// <summary>
/// One task as a whole judged as of a date: the per-task counts of <c>StatusEngine.TaskFacts</c> over all its assignments'
/// <see cref="AssignmentFact"/> rows, kept in <c>task_facts</c> so the grouped task list and the dashboard's 任务 figures read
/// 6,000 rows at province scale instead of grouping 89,000 (docs/decisions/030-task-facts.md). Not a second rule: rows are
/// written only by <c>TaskSnapshots</c> from that query; a trigger on <c>assignment_facts</c> marks the tasks a write touches
/// stale (<see cref="TaskFactStale"/>) and drops their rows, and the next reader counts them again.
/// </summary>
public sealed class TaskFactRow
{
    public DateOnly AsOf { get; init; }
    public bool FromHistory { get; init; }
    public int TaskId { get; init; }
    public int PlanId { get; init; }
    public int Assignments { get; init; }
    public int Total { get; init; }
    public int NotStarted { get; init; }
    public int InProgress { get; init; }
    public int Submitted { get; init; }
    public int Completed { get; init; }
    public int Continuous { get; init; }
    public int Overdue { get; init; }
    public DateOnly? FirstMissedDue { get; init; }
    public DateOnly? NextDue { get; init; }
    public int CompletedLate { get; init; }
    public int? CompletedLateDays { get; init; }
    public DateTimeOffset? LastReportAt { get; init; }
}

/// <summary>A task whose <see cref="TaskFactRow"/> of a date must be counted again before it is read (written by the trigger).</summary>
public sealed class TaskFactStale
{
    public DateOnly AsOf { get; init; }
    public bool FromHistory { get; init; }
    public int TaskId { get; init; }
}
