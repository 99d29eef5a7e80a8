namespace AirPlan.Core.Domain;

/// <summary>One status an assignment entered and when: the history that "as of" dashboards and quarterly reports read.</summary>
public class StatusChange
{
    public long Id { get; private set; }
    public int AssignmentId { get; private set; }
    public Assignment? Assignment { get; private set; }
    public AssignmentStatus Status { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    private StatusChange() { }

    internal StatusChange(Assignment assignment, AssignmentStatus status, DateTimeOffset changedAt)
    {
        Assignment = assignment;
        Status = status;
        ChangedAt = changedAt;
    }
}
