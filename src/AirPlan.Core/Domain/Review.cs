namespace AirPlan.Core.Domain;

/// <summary>核验: a coordinator's decision on a submission.</summary>
public class Review
{
    public int Id { get; private set; }
    public int AssignmentId { get; private set; }
    public ReviewOutcome Outcome { get; private set; }
    public string? Reason { get; private set; }
    public string ReviewerId { get; private set; } = "";
    public string ReviewerName { get; private set; } = "";
    public DateTimeOffset ReviewedAt { get; private set; }

    private Review() { }

    public Review(int assignmentId, ReviewOutcome outcome, string? reason, string reviewerId, string reviewerName, DateTimeOffset reviewedAt)
    {
        AssignmentId = assignmentId;
        Outcome = outcome;
        Reason = reason;
        ReviewerId = reviewerId;
        ReviewerName = reviewerName;
        ReviewedAt = reviewedAt;
    }
}

public enum ReviewOutcome
{
    /// <summary>核验通过</summary>
    Accepted,
    /// <summary>退回</summary>
    SentBack,
}
