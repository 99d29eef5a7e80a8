using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Web.Features.Reports;

/// <summary>What the 季度进展台账 is asked for: one plan key or "all", a quarter, and optionally one unit or one township.</summary>
public sealed record QuarterlyReportRequest(string Plan, string Quarter, int? UnitId = null, int? TownshipId = null)
{
    public const string AllPlans = "all";
    public bool IsAllPlans => string.Equals(Plan, AllPlans, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The loaded report: everything the sheets print, in the order they print it.</summary>
public sealed record QuarterlyReport(
    string Title,
    string Filler,
    DateOnly AsOf,
    string QuarterKey,
    IReadOnlyList<ReportPlan> Plans,
    ReportSummary Summary,
    AreaTerms Areas)
{
    public IEnumerable<ReportTask> Tasks => Plans.SelectMany(p => p.Tasks);
}

public sealed record ReportPlan(string Key, string Title, IReadOnlyList<ReportTask> Tasks);

public sealed record ReportTask(
    int Id,
    string PlanKey,
    string Chapter,
    string Title,
    string Text,
    IReadOnlyList<string> LeadUnits,
    IReadOnlyList<string> SupportingUnits,
    string Townships,
    IReadOnlyList<DateOnly> Deadlines,
    bool IsContinuous,
    string? Recurrence,
    TaskState State,
    string Progress,
    string Problems,
    string NextSteps,
    int EvidenceCount,
    IReadOnlyList<ReportSubitem> Subitems,
    IReadOnlyList<ReportAssignment> Assignments)
{
    /// <summary>The counted assignments by status and 逾期 (TaskRollup.Count over the engine's verdicts); State is judged from it.</summary>
    public TaskRollup.Counts Rollup { get; init; } = new();

    /// <summary>逾期 as a task (TaskRollup: a counted assignment is overdue), the same answer as the dashboard and task list.</summary>
    public bool IsOverdue => TaskRollup.IsOverdue(Rollup);

    public int DaysOverdue => IsOverdue ? Assignments.Select(a => a.DaysOverdue).DefaultIfEmpty(0).Max() : 0;

    /// <summary>The most days a counted assignment was completed late (the engine's completed_late_days).</summary>
    public int? MostDaysCompletedLate { get; init; }

    /// <summary>逾期完成 N 天 as a task (TaskRollup.CompletedLateRule), the dashboard's answer; null when not.</summary>
    public int? CompletedLateDays => TaskRollup.IsCompletedLate(Rollup) ? MostDaysCompletedLate : null;

    /// <summary>完成情况: 按期完成 or 逾期完成N天 for a 已完成 task, empty otherwise.</summary>
    public string Completion => State != TaskState.Completed ? "" : CompletedLateDays is { } days ? $"逾期完成{days}天" : "按期完成";
}

public sealed record ReportSubitem(string Number, string Title, string Text);

/// <summary>One unit's part in a task as of the report date.</summary>
public sealed record ReportAssignment(
    int Id,
    int UnitId,
    string UnitName,
    UnitKind UnitKind,
    int? TownshipRegionId,
    AssignmentRole Role,
    AssignmentStatus Status,
    DateOnly? FirstMissedDue,
    int DaysOverdue,
    DateOnly? LastReportOn,
    int EvidenceCount,
    int? CompletedLateDays = null);
