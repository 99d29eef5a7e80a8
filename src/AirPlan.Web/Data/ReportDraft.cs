namespace AirPlan.Web.Data;

/// <summary>
/// A 报送进展 form as its author left it, one per user and assignment, so another machine (or a cleared browser) sees what
/// was typed. Not a record of work: it is not audited, is overwritten on every save and removed when the report is sent.
/// </summary>
public class ReportDraft
{
    public string UserId { get; set; } = "";
    public int AssignmentId { get; set; }
    public string? Period { get; set; }
    public string? Progress { get; set; }
    public string? Problems { get; set; }
    public string? NextSteps { get; set; }
    public int? PercentComplete { get; set; }
    public List<int> MilestoneIds { get; set; } = [];
    public DateTimeOffset SavedAt { get; set; }
}
