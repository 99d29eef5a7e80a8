using AirPlan.Core.Rules;

namespace AirPlan.Core.Domain;

/// <summary>实施方案: one imported plan document.</summary>
public class Plan : IHasTimestamps
{
    public int Id { get; private set; }
    /// <summary>Short key used in URLs and on the command line (mengjin-2024).</summary>
    public string Key { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? DocNumber { get; private set; }
    public string? Issuer { get; private set; }
    public DateOnly? IssuedOn { get; private set; }
    public int? PlanYear { get; private set; }
    public int RegionId { get; private set; }
    public Region? Region { get; private set; }
    /// <summary>The region as the document names it (济源产城融合示范区), which may differ from the division's name.</summary>
    public string RegionNameAsWritten { get; private set; } = "";
    public string SourceText { get; private set; } = "";
    public string SourceSha256 { get; private set; } = "";
    /// <summary>How often each assignment owes a progress report.</summary>
    public ReportingCycle ReportingCycle { get; private set; } = ReportingCycle.Quarterly;
    /// <summary>临期提醒: a checkpoint due within this many days reminds the unit (the daily chasing job).</summary>
    public int DueSoonDays { get; private set; } = ChasingSettings.Default.DueSoonDays;
    /// <summary>督办: this many days overdue escalates to the region's coordinators.</summary>
    public int EscalateAfterDays { get; private set; } = ChasingSettings.Default.EscalateAfterDays;
    /// <summary>待核验提醒: a submission waiting longer than this many days reminds the coordinators.</summary>
    public int ReviewWaitingDays { get; private set; } = ChasingSettings.Default.ReviewWaitingDays;
    public ChasingSettings Chasing => new(DueSoonDays, EscalateAfterDays, ReviewWaitingDays);
    public List<PlanTarget> Targets { get; private set; } = [];
    public List<Chapter> Chapters { get; private set; } = [];
    public List<PlanTask> Tasks { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private Plan() { }

    public Plan(string key, string title, string? docNumber, string? issuer, DateOnly? issuedOn, int? planYear,
        Region region, string regionNameAsWritten, string sourceText, string sourceSha256)
    {
        Key = key;
        Title = title;
        DocNumber = docNumber;
        Issuer = issuer;
        IssuedOn = issuedOn;
        PlanYear = planYear;
        Region = region;
        RegionNameAsWritten = regionNameAsWritten;
        SourceText = sourceText;
        SourceSha256 = sourceSha256;
    }

    public void ChangeReportingCycle(ReportingCycle cycle) => ReportingCycle = cycle;

    public void ChangeChasing(ChasingSettings settings)
    {
        if (settings.Problem() is { } problem) throw new DomainException(problem);
        (DueSoonDays, EscalateAfterDays, ReviewWaitingDays) = (settings.DueSoonDays, settings.EscalateAfterDays, settings.ReviewWaitingDays);
    }
}

public enum ReportingCycle
{
    Quarterly,
    Monthly,
}
