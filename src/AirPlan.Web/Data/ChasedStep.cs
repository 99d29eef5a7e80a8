namespace AirPlan.Web.Data;

/// <summary>
/// A chasing step taken for an assignment: the unique (assignment, kind, due date) is what makes every step happen once per
/// checkpoint however often the job runs. Kind is the notification kind it sent (<c>NotificationKinds</c>).
/// </summary>
public class ChasedStep
{
    public long Id { get; private set; }
    public int AssignmentId { get; private set; }
    public string Kind { get; private set; } = "";
    public DateOnly DueOn { get; private set; }
    public long? RunId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private ChasedStep() { }
}
