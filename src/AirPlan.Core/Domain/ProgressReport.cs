namespace AirPlan.Core.Domain;

/// <summary>进展报送: what a unit did on an assignment in one reporting period.</summary>
public class ProgressReport
{
    public int Id { get; private set; }
    public int AssignmentId { get; private set; }
    public Assignment? Assignment { get; private set; }
    /// <summary>Reporting period key: 2025Q3 or 2025-07.</summary>
    public string Period { get; private set; } = "";
    /// <summary>进展情况</summary>
    public string Progress { get; private set; } = "";
    /// <summary>存在问题</summary>
    public string? Problems { get; private set; }
    /// <summary>下步计划</summary>
    public string? NextSteps { get; private set; }
    public int? PercentComplete { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public DateTimeOffset ReportedAt { get; private set; }

    private ProgressReport() { }

    public ProgressReport(Assignment assignment, string period, string progress, string? problems, string? nextSteps,
        int? percentComplete, string authorId, string authorName, DateTimeOffset reportedAt)
    {
        if (string.IsNullOrWhiteSpace(progress)) throw new DomainException("请填写进展情况");
        FieldLimits.Check(progress, FieldLimits.ReportText, "进展情况");
        FieldLimits.Check(problems, FieldLimits.ReportText, "存在问题");
        FieldLimits.Check(nextSteps, FieldLimits.ReportText, "下步计划");
        if (percentComplete is < 0 or > 100) throw new DomainException("完成进度应在 0 到 100 之间");
        Assignment = assignment;
        AssignmentId = assignment.Id;
        Period = period;
        Progress = progress.Trim();
        Problems = Blank(problems);
        NextSteps = Blank(nextSteps);
        PercentComplete = percentComplete;
        AuthorId = authorId;
        AuthorName = authorName;
        ReportedAt = reportedAt;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
