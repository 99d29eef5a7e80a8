using AirPlan.Core.Rules;
using AirPlan.Core.Domain;

namespace AirPlan.Web.Features.Tasks;

/// <summary>任务清单的筛选条件; every field optional. Also the query string of drill-down links.</summary>
public sealed record TaskFilter
{
    /// <summary>待核验: what the review queue lists and the menu counts.</summary>
    public static readonly TaskFilter AwaitingReview = new() { Status = AssignmentStatus.Submitted };

    public string? Plan { get; init; }
    /// <summary>Only the actor's own units (我的任务).</summary>
    public bool Mine { get; init; }
    public string? Chapter { get; init; }
    public int? UnitId { get; init; }
    /// <summary>Township (region row) whose implementing assignments to show.</summary>
    public int? TownshipId { get; init; }
    public AssignmentRole? Role { get; init; }
    public AssignmentStatus? Status { get; init; }
    public bool Overdue { get; init; }
    /// <summary>Only units of this kind (部门 or 乡镇（街道）); department tables of the dashboard drill down with it.</summary>
    public UnitKind? Kind { get; init; }
    /// <summary>未按期报送 on the as-of date.</summary>
    public bool ReportMissing { get; init; }
    /// <summary>Only assignments that count toward 完成率 (lead and implementing; supporting when a task has nothing else).</summary>
    public bool Counted { get; init; }
    public int? DueWithinDays { get; init; }
    /// <summary>One task's assignments (the grouped view's “责任分工” link).</summary>
    public int? TaskId { get; init; }
    /// <summary>任务 (one row per task, its assignments beneath) or 责任分工 (one row per assignment, the default).</summary>
    public TaskListView View { get; init; }
    /// <summary>
    /// Task view only: the task's state (TaskRollup). In the task view <see cref="Overdue"/> means the task is 逾期, and the
    /// assignment conditions (Status, DueWithinDays, ReportMissing, Counted) do not apply (StatusEngine.TaskFacts).
    /// </summary>
    public TaskState? TaskStatus { get; init; }
    /// <summary>
    /// 按期完成 or 逾期完成: 已完成 assignments completed by / after their deadline (the status engine's verdict); in the task
    /// view, 已完成 tasks that are not / are 逾期完成 (TaskRollup.CompletedLateRule).
    /// </summary>
    public CompletionTiming? Completion { get; init; }
    public string? Text { get; init; }
    /// <summary>截至日期: show the state at the end of this day (null = now). See docs/status-model.md.</summary>
    public DateOnly? AsOf { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

/// <summary>How completed work met its deadline: 按期完成 or 逾期完成 (docs/status-model.md).</summary>
public enum CompletionTiming
{
    OnTime,
    Late,
}

public enum TaskListView
{
    Assignments,
    Tasks,
}

/// <summary>A sort the list's column headers ask for; no field = the default order (overdue first, longest overdue first).</summary>
public sealed record TaskListSort(TaskSortField Field, bool Descending = false)
{
    public static readonly TaskListSort Default = new(TaskSortField.Deadline);
}

public enum TaskSortField
{
    /// <summary>Overdue first, longest overdue first, then what falls due next (the default).</summary>
    Deadline,
    /// <summary>Plan, then the task's place in the plan.</summary>
    Task,
    Unit,
    Status,
    LastReport,
    /// <summary>Task view: share of counted assignments done.</summary>
    Progress,
}

/// <summary>A row of the task view (任务): the task's state from its assignments, with the fraction done.</summary>
public sealed record TaskLevelRow(int TaskId, string PlanKey, string PlanRegion, string Number, string Title, string LeadUnits,
    int Assignments, TaskRollup.Counts Counts, TaskState State, bool Overdue, DateOnly? FirstMissedDue, DateOnly? NextDue,
    int DaysOverdue, WarningLight Light, int? CompletedLateDays = null, DateTimeOffset? LastReportAt = null);

public sealed record AssignmentRow(int AssignmentId, uint Version, int TaskId, string PlanKey, int PlanRegionId, string PlanRegion, string TaskNumber,
    string ChapterNumber, string TaskTitle, int UnitId, string UnitName, UnitKind UnitKind, AssignmentRole Role, AssignmentStatus Status,
    string? SendBackReason, DateOnly? NextDue, DateOnly? FirstMissedDue, int DaysOverdue, WarningLight Light, DateTimeOffset? LastReportAt, int EvidenceCount,
    DateOnly? CompletedOn = null, int? CompletedLateDays = null, RegionLevel PlanRegionLevel = RegionLevel.County)
{
    /// <summary>牵头单位 / 责任单位 / 落实乡镇, or 落实县区 on a city plan.</summary>
    public string RoleTitle => AreaTerms.For(PlanRegionLevel).TitleOf(Role);
}

public sealed record FilterOption(string Value, string Text);

public sealed record TaskFilterOptions(IReadOnlyList<FilterOption> Chapters, IReadOnlyList<FilterOption> Units, IReadOnlyList<FilterOption> Townships)
{
    public static readonly TaskFilterOptions None = new([], [], []);
}
