namespace AirPlan.Core.Domain;

/// <summary>完成时限: a dated checkpoint of a task, with the words the document used.</summary>
public class Milestone
{
    public int Id { get; private set; }
    public int TaskId { get; private set; }
    public PlanTask? Task { get; private set; }
    public DateOnly DueOn { get; private set; }
    /// <summary>Original words, e.g. 2024年10月底前.</summary>
    public string Text { get; private set; } = "";
    public int Order { get; private set; }

    private Milestone() { }

    internal Milestone(PlanTask task, DateOnly dueOn, string text, int order)
    {
        Task = task;
        DueOn = dueOn;
        Text = text;
        Order = order;
    }

    internal void Move(DateOnly dueOn, string text) => (DueOn, Text) = (dueOn, text);
}
