using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>A task's status as seen from its assignments (docs/status-model.md, “任务状态”).</summary>
public enum TaskState
{
    NotStarted,
    InProgress,
    /// <summary>All counted assignments submitted or done, at least one still waiting for 核验.</summary>
    AwaitingReview,
    Continuous,
    Completed,
}

public static class TaskRollup
{
    /// <summary>Counts by status of the assignments that count toward completion.</summary>
    public sealed record Counts(int Total, int NotStarted, int InProgress, int Submitted, int Completed, int Continuous);

    /// <param name="assignments">
    /// A task's assignments with the status engine's verdict on whether each counts toward 完成率 (assignment_facts.counted:
    /// lead and implementing units; supporting ones only when a task has nothing else). The rule is not restated here.
    /// </param>
    public static Counts Count(IEnumerable<(bool Counted, AssignmentStatus Status)> assignments)
    {
        var counted = assignments.Where(a => a.Counted).ToList();
        return new Counts(counted.Count,
            counted.Count(a => a.Status == AssignmentStatus.NotStarted),
            counted.Count(a => a.Status == AssignmentStatus.InProgress),
            counted.Count(a => a.Status == AssignmentStatus.Submitted),
            counted.Count(a => a.Status == AssignmentStatus.Completed),
            counted.Count(a => a.Status == AssignmentStatus.Continuous));
    }

    public static TaskState StateOf(Counts c)
    {
        if (c.Total == 0 || c.NotStarted == c.Total) return TaskState.NotStarted;
        if (c.Completed == c.Total) return TaskState.Completed;
        if (c.Completed + c.Continuous == c.Total) return TaskState.Continuous;
        if (c.Completed + c.Continuous + c.Submitted == c.Total) return TaskState.AwaitingReview;
        return TaskState.InProgress;
    }

    /// <summary>Share of counted assignments that are done (completed or carried on as 持续推进), 0–100.</summary>
    public static int PercentDone(Counts c) => Percent(c.Completed + c.Continuous, c.Total);

    /// <summary>完成率: done among counted, rounded to a whole percent; 0 when nothing counts. Every roll-up uses this.</summary>
    public static int Percent(int done, int counted) => counted == 0 ? 0 : (int)Math.Round(100.0 * done / counted);

    public static string Title(TaskState state) => state switch
    {
        TaskState.NotStarted => "未启动",
        TaskState.InProgress => "推进中",
        TaskState.AwaitingReview => "待核验",
        TaskState.Continuous => "持续推进",
        TaskState.Completed => "已完成",
        _ => state.ToString(),
    };
}
