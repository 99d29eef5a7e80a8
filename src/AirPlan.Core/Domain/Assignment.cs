namespace AirPlan.Core.Domain;

/// <summary>A unit's part in a task (task × unit × role); its status is what people report on.</summary>
public class Assignment : IHasTimestamps
{
    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public PlanTask? Task { get; private set; }
    public int UnitId { get; private set; }
    public Unit? Unit { get; private set; }
    public AssignmentRole Role { get; private set; }
    public AssignmentStatus Status { get; private set; } = AssignmentStatus.NotStarted;
    public DateTimeOffset? StatusChangedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>Concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private Assignment() { }

    internal Assignment(PlanTask task, Unit unit, AssignmentRole role)
    {
        Task = task;
        Unit = unit;
        Role = role;
    }
}

public enum AssignmentRole
{
    /// <summary>牵头单位</summary>
    Lead,
    /// <summary>配合/责任单位</summary>
    Supporting,
    /// <summary>落实乡镇</summary>
    Implementing,
}

public enum AssignmentStatus
{
    /// <summary>未启动</summary>
    NotStarted,
    /// <summary>推进中</summary>
    InProgress,
    /// <summary>已提交待核验</summary>
    Submitted,
    /// <summary>已完成</summary>
    Completed,
    /// <summary>持续推进</summary>
    Continuous,
}
