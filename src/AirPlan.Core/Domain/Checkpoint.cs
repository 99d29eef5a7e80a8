namespace AirPlan.Core.Domain;

/// <summary>A unit's record that it reached one of its task's milestones (时间节点完成情况).</summary>
public class Checkpoint
{
    public int Id { get; private set; }
    public int AssignmentId { get; private set; }
    public Assignment? Assignment { get; private set; }
    public int MilestoneId { get; private set; }
    public Milestone? Milestone { get; private set; }
    public DateOnly DoneOn { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    private Checkpoint() { }

    internal Checkpoint(Assignment assignment, Milestone milestone)
    {
        Assignment = assignment;
        Milestone = milestone;
    }

    internal void MarkDone(DateOnly doneOn, string? note, DateTimeOffset now)
    {
        DoneOn = doneOn;
        // The note is the report's 进展情况 (up to 4,000 characters), which is kept whole on the report itself.
        Note = string.IsNullOrWhiteSpace(note) ? null : FieldLimits.Truncate(note.Trim(), FieldLimits.CheckpointNote);
        RecordedAt = now;
    }
}
