using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;

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
