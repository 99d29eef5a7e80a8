using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;

namespace AirPlan.Web.Features.Plans;

public sealed record PlanSummary(string Key, string Title, string? DocNumber, string RegionName, DateOnly? IssuedOn,
    int TaskCount, DateOnly? EarliestDeadline, DateOnly? LatestDeadline, RegionLevel RegionLevel = RegionLevel.County)
{
    public AreaTerms Areas => AreaTerms.For(RegionLevel);
}

public sealed record PlanDetail(string Key, string Title, string? DocNumber, string? Issuer, DateOnly? IssuedOn, int? PlanYear,
    string RegionName, string RegionNameAsWritten, IReadOnlyList<ChapterView> Chapters, IReadOnlyList<TargetView> Targets,
    RegionLevel RegionLevel = RegionLevel.County, int RegionId = 0, int Revision = 1, DateOnly? RevisedOn = null, string? SourceFileName = null)
{
    /// <summary>第2版（2025年3月修订）: which version the plan runs on; null for the document as first imported.</summary>
    public string? RevisionText => Revision > 1
        ? $"第{Revision}版" + (RevisedOn is { } on ? $"（{on.Year}年{on.Month}月修订）" : "")
        : null;

    /// <summary>What the plan calls the areas that carry it out (乡镇（街道）, or 县区 for a city plan).</summary>
    public AreaTerms Areas => AreaTerms.For(RegionLevel);
}

public sealed record ChapterView(string Number, string Title, int TaskCount);

public sealed record TargetView(string Indicator, decimal Value, string Unit, string Text);

public sealed record DeadlineView(DateOnly DueOn, string Text, int MilestoneId = 0);

/// <summary>A row of a plan's task table; <paramref name="SectionPath"/> is 三、主要任务 › （二）… (Core/Formatting/SectionPath).</summary>
public sealed record TaskRow(int Id, string Number, string SectionPath, string Title,
    IReadOnlyList<string> LeadUnits, IReadOnlyList<string> SupportingUnits, TownshipScopeKind TownshipScope,
    int TownshipCount, IReadOnlyList<DeadlineView> Deadlines, string? Recurrence, int SubitemCount, bool IsContinuous);
