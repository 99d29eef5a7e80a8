using AirPlan.Core.Rules;

namespace AirPlan.Web.Features.Tasks.Status;

/// <summary>
/// One task of a scope as of a date: its assignments' verdicts counted per task in PostgreSQL (<see cref="StatusEngine.TaskFacts"/>)
/// and its state and 逾期 from <see cref="TaskRollup"/>'s rules, translated into the same query. The count properties carry the
/// names of <see cref="TaskRollup.Counts"/>, which the rules read.
/// </summary>
public sealed class TaskFact
{
    public int TaskId { get; init; }
    public int PlanId { get; init; }
    /// <summary>All of the task's assignments in the scope, counted or not (责任分工).</summary>
    public int Assignments { get; init; }
    /// <summary>Assignments that count toward completion (the task's denominator).</summary>
    public int Total { get; init; }
    public int NotStarted { get; init; }
    public int InProgress { get; init; }
    public int Submitted { get; init; }
    public int Completed { get; init; }
    public int Continuous { get; init; }
    /// <summary>Counted assignments the engine judges 逾期.</summary>
    public int Overdue { get; init; }
    /// <summary>Earliest missed milestone among the counted assignments (逾期天数 counts from it).</summary>
    public DateOnly? FirstMissedDue { get; init; }
    public DateOnly? NextDue { get; init; }
    /// <summary>Counted assignments the engine judges 逾期完成.</summary>
    public int CompletedLate { get; init; }
    /// <summary>The most days late among them (the task's 逾期完成 N 天).</summary>
    public int? CompletedLateDays { get; init; }
    /// <summary>最近报送: the latest report on any of the task's assignments by the date.</summary>
    public DateTimeOffset? LastReportAt { get; init; }
    public TaskState State { get; init; }
    public bool IsOverdue { get; init; }
    /// <summary>逾期完成 (<see cref="TaskRollup.CompletedLateRule"/>); 已完成 and not this is 按期完成.</summary>
    public bool IsCompletedLate { get; init; }

    public TaskRollup.Counts Counts => new(Total, NotStarted, InProgress, Submitted, Completed, Continuous, Overdue, CompletedLate);
}
