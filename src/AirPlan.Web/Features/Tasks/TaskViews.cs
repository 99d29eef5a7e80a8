using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Plans;

namespace AirPlan.Web.Features.Tasks;

/// <summary>Everything the task page shows, read and authorised in one call (<see cref="TaskPageQueries"/>).</summary>
public sealed record TaskPage(TaskDetail Task, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<UnitReport> Reports);

public sealed record TaskDetail(int Id, uint Version, string PlanKey, string PlanTitle, int PlanRegionId, string Number, string ChapterNumber, string Section,
    string Title, string Text, int SourceLine, string? Recurrence, bool IsContinuous, TownshipScopeKind TownshipScope,
    IReadOnlyList<SubitemView> Subitems, IReadOnlyList<AssignmentView> Assignments, IReadOnlyList<DeadlineView> Milestones,
    string SectionPath = "", RegionLevel PlanRegionLevel = RegionLevel.County, TaskRollup.Counts? Progress = null,
    int? MostDaysCompletedLate = null, DateTimeOffset? WithdrawnAt = null)
{
    /// <summary>What the plan calls the areas that carry it out (乡镇（街道）, or 县区 for a city plan).</summary>
    public AreaTerms Areas => AreaTerms.For(PlanRegionLevel);

    /// <summary>任务状态 from the assignments' verdicts today (TaskRollup); null until judged.</summary>
    public TaskState? State => Progress is { } p ? TaskRollup.StateOf(p) : null;

    public bool Overdue => Progress is { } p && TaskRollup.IsOverdue(p);

    /// <summary>逾期完成 N 天 (TaskRollup.CompletedLateRule; N the most days a counted assignment was late); null when not.</summary>
    public int? CompletedLateDays => Progress is { } p && TaskRollup.IsCompletedLate(p) ? MostDaysCompletedLate : null;
}

public sealed record SubitemView(string Number, string Title, string Text, IReadOnlyList<string> LeadUnits,
    IReadOnlyList<string> SupportingUnits);

/// <summary>One assignment on the task page, with the status engine's verdict for today (light and days overdue).</summary>
public sealed record AssignmentView(int Id, uint Version, int UnitId, string UnitName, UnitKind UnitKind, AssignmentRole Role,
    AssignmentStatus Status, string? SendBackReason, IReadOnlyList<int> DoneMilestoneIds, int EvidenceCount,
    DateOnly? FirstMissedDue = null, DateOnly? NextDue = null, WarningLight Light = WarningLight.Green, int DaysOverdue = 0,
    DateTimeOffset? ClosedAt = null, int? CompletedLateDays = null)
{
    /// <summary>已撤销 by a correction (ADR 012): shown with its records, no light, no actions.</summary>
    public bool IsClosed => ClosedAt is not null;
}

public sealed record TimelineEntry(DateTimeOffset At, string UserName, string Action, string Summary);

public sealed record UnitReport(string UnitName, ReportView Report);

/// <summary>A task's state from its assignments as of a date (StatusEngine.TaskFacts), for tables that show it beside the task.</summary>
public sealed record TaskProgress(TaskState State, bool Overdue, TaskRollup.Counts Counts, int? CompletedLateDays = null);
