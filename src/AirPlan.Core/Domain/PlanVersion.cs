namespace AirPlan.Core.Domain;

/// <summary>
/// 历次版本: the document a plan ran on before a revision (修订版) replaced it, kept as it was read so the earlier text can be
/// read again; the plan row always holds the current version.
/// </summary>
public class PlanVersion
{
    public int Id { get; private set; }
    public int PlanId { get; private set; }
    /// <summary>第几版 this document was (1 = as first imported).</summary>
    public int Number { get; private set; }
    public string Title { get; private set; } = "";
    public string? DocNumber { get; private set; }
    public DateOnly? IssuedOn { get; private set; }
    public string? FileName { get; private set; }
    public string SourceText { get; private set; } = "";
    public string SourceSha256 { get; private set; } = "";
    /// <summary>When the next version replaced it.</summary>
    public DateTimeOffset ReplacedAt { get; private set; }

    private PlanVersion() { }

    internal PlanVersion(Plan plan, DateTimeOffset replacedAt)
    {
        Number = plan.Revision;
        Title = plan.Title;
        DocNumber = plan.DocNumber;
        IssuedOn = plan.IssuedOn;
        FileName = plan.SourceFileName;
        SourceText = plan.SourceText;
        SourceSha256 = plan.SourceSha256;
        ReplacedAt = replacedAt;
    }
}
