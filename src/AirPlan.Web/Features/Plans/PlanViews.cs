using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Core.Rules;

namespace AirPlan.Web.Features.Plans;

public sealed record PlanSummary(string Key, string Title, string? DocNumber, string RegionName, DateOnly? IssuedOn,
    int TaskCount, DateOnly? EarliestDeadline, DateOnly? LatestDeadline);

public sealed record PlanDetail(string Key, string Title, string? DocNumber, string? Issuer, DateOnly? IssuedOn, int? PlanYear,
    string RegionName, string RegionNameAsWritten, IReadOnlyList<ChapterView> Chapters, IReadOnlyList<TargetView> Targets);

public sealed record ChapterView(string Number, string Title, int TaskCount);

public sealed record TargetView(string Indicator, decimal Value, string Unit, string Text);

public sealed record DeadlineView(DateOnly DueOn, string Text, int MilestoneId = 0);

public sealed record TaskRow(int Id, string Number, string ChapterNumber, string Section, string Title,
    IReadOnlyList<string> LeadUnits, IReadOnlyList<string> SupportingUnits, TownshipScopeKind TownshipScope,
    int TownshipCount, IReadOnlyList<DeadlineView> Deadlines, string? Recurrence, int SubitemCount);

public sealed record TaskDetail(int Id, uint Version, string PlanKey, string PlanTitle, int PlanRegionId, string Number, string ChapterNumber, string Section,
    string Title, string Text, int SourceLine, string? Recurrence, bool IsContinuous, TownshipScopeKind TownshipScope,
    IReadOnlyList<SubitemView> Subitems, IReadOnlyList<AssignmentView> Assignments, IReadOnlyList<DeadlineView> Milestones);

public sealed record SubitemView(string Number, string Title, string Text, IReadOnlyList<string> LeadUnits,
    IReadOnlyList<string> SupportingUnits);

public sealed record AssignmentView(int Id, uint Version, int UnitId, string UnitName, UnitKind UnitKind, AssignmentRole Role,
    AssignmentStatus Status, string? SendBackReason, IReadOnlyList<int> DoneMilestoneIds, AssignmentTiming? Timing, int EvidenceCount);
