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
    string SectionPath = "", RegionLevel PlanRegionLevel = RegionLevel.County)
{
    /// <summary>What the plan calls the areas that carry it out (乡镇（街道）, or 县区 for a city plan).</summary>
    public AreaTerms Areas => AreaTerms.For(PlanRegionLevel);
}

public sealed record SubitemView(string Number, string Title, string Text, IReadOnlyList<string> LeadUnits,
    IReadOnlyList<string> SupportingUnits);

/// <summary>One assignment on the task page, with the status engine's verdict for today (light and days overdue).</summary>
public sealed record AssignmentView(int Id, uint Version, int UnitId, string UnitName, UnitKind UnitKind, AssignmentRole Role,
    AssignmentStatus Status, string? SendBackReason, IReadOnlyList<int> DoneMilestoneIds, int EvidenceCount,
    DateOnly? FirstMissedDue = null, DateOnly? NextDue = null, WarningLight Light = WarningLight.Green, int DaysOverdue = 0);

public sealed record TimelineEntry(DateTimeOffset At, string UserName, string Action, string Summary);

public sealed record UnitReport(string UnitName, ReportView Report);
