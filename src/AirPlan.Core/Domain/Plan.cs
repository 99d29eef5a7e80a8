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
    /// <summary>第几版: 1 as imported, one more for every revised document (修订版) applied.</summary>
    public int Revision { get; private set; } = 1;
    /// <summary>The revised document's date (its 印发日期, else the day it was applied); null for the first version.</summary>
    public DateOnly? RevisedOn { get; private set; }
    /// <summary>The uploaded file the current text came from, when known.</summary>
    public string? SourceFileName { get; private set; }
    /// <summary>The documents earlier versions ran on.</summary>
    public List<PlanVersion> Versions { get; private set; } = [];
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

    /// <summary>
    /// 修订版: the plan now runs on a revised document. The current one is kept as a <see cref="PlanVersion"/>; the key, region
    /// and chasing rules stay, since the same offices go on with the same work (the tasks are revised by the caller).
    /// </summary>
    public PlanVersion Revise(string title, string? docNumber, string? issuer, DateOnly? issuedOn, int? planYear, string sourceText,
        string sourceSha256, string? fileName, DateOnly revisedOn, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("请填写方案名称");
        if (sourceSha256 == SourceSha256) throw new DomainException("该文件与方案现行文本相同，无需修订");
        var previous = new PlanVersion(this, now);
        Versions.Add(previous);
        Title = title.Trim();
        DocNumber = docNumber;
        Issuer = issuer;
        IssuedOn ??= issuedOn;
        PlanYear = planYear ?? PlanYear;
        SourceText = sourceText;
        SourceSha256 = sourceSha256;
        SourceFileName = fileName is { Length: > 255 } ? fileName[..255] : fileName;
        Revision++;
        RevisedOn = issuedOn is { } date && date > (IssuedOn ?? DateOnly.MinValue) ? date : revisedOn;
        return previous;
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
