using AirPlan.Core.Domain;

namespace AirPlan.Web.Features.Tasks;

/// <summary>任务清单的筛选条件; every field optional. Also the query string of drill-down links.</summary>
public sealed record TaskFilter
{
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
    public int? DueWithinDays { get; init; }
    public string? Text { get; init; }
    public DateOnly? AsOf { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
}

/// <summary>红黄绿灯</summary>
public enum WarningLight
{
    Green,
    Yellow,
    Red,
}

public sealed record AssignmentRow(int AssignmentId, uint Version, int TaskId, string PlanKey, int PlanRegionId, string PlanRegion, string TaskNumber,
    string ChapterNumber, string TaskTitle, int UnitId, string UnitName, UnitKind UnitKind, AssignmentRole Role, AssignmentStatus Status,
    string? SendBackReason, DateOnly? NextDue, DateOnly? FirstMissedDue, int DaysOverdue, WarningLight Light, DateTimeOffset? LastReportAt, int EvidenceCount);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

public sealed record FilterOption(string Value, string Text);

public sealed record TaskFilterOptions(IReadOnlyList<FilterOption> Chapters, IReadOnlyList<FilterOption> Units, IReadOnlyList<FilterOption> Townships)
{
    public static readonly TaskFilterOptions None = new([], [], []);
}
