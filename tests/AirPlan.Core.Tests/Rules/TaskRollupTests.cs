using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Core.Tests.Rules;

public class TaskRollupTests
{
    // Whether an assignment counts toward completion is the status engine's verdict (assignment_facts.counted, tested in
    // StatusEngineTests); here lead and implementing units count and supporting ones do not, as the engine says for these tasks.
    private static TaskState StateOf(params (AssignmentRole, AssignmentStatus)[] assignments) =>
        TaskRollup.StateOf(TaskRollup.Count(Judged(assignments)));

    private static IEnumerable<(bool, AssignmentStatus)> Judged(IEnumerable<(AssignmentRole Role, AssignmentStatus Status)> assignments) =>
        assignments.Select(a => (a.Role != AssignmentRole.Supporting, a.Status));

    [Fact]
    public void ATaskIsCompletedWhenEveryLeadAndImplementingAssignmentIsCompleted() =>
        Assert.Equal(TaskState.Completed, StateOf(
            (AssignmentRole.Lead, AssignmentStatus.Completed),
            (AssignmentRole.Implementing, AssignmentStatus.Completed),
            (AssignmentRole.Supporting, AssignmentStatus.NotStarted)));

    [Fact]
    public void OneUnfinishedTownshipKeepsTheTaskInProgress() =>
        Assert.Equal(TaskState.InProgress, StateOf(
            (AssignmentRole.Lead, AssignmentStatus.Completed),
            (AssignmentRole.Implementing, AssignmentStatus.InProgress)));

    [Fact]
    public void ATaskWithNothingStartedIsNotStarted() =>
        Assert.Equal(TaskState.NotStarted, StateOf(
            (AssignmentRole.Lead, AssignmentStatus.NotStarted),
            (AssignmentRole.Supporting, AssignmentStatus.InProgress)));

    [Fact]
    public void SubmittedWorkWaitsForReview() =>
        Assert.Equal(TaskState.AwaitingReview, StateOf(
            (AssignmentRole.Lead, AssignmentStatus.Submitted),
            (AssignmentRole.Implementing, AssignmentStatus.Completed)));

    [Fact]
    public void ContinuousWorkRollsUpAsContinuous() =>
        Assert.Equal(TaskState.Continuous, StateOf(
            (AssignmentRole.Lead, AssignmentStatus.Continuous),
            (AssignmentRole.Implementing, AssignmentStatus.Completed)));

    [Fact]
    public void PercentDoneCountsCompletedAndContinuousAmongLeadAndImplementing() =>
        Assert.Equal(67, TaskRollup.PercentDone(TaskRollup.Count(Judged([
            (AssignmentRole.Lead, AssignmentStatus.Completed),
            (AssignmentRole.Implementing, AssignmentStatus.Continuous),
            (AssignmentRole.Implementing, AssignmentStatus.InProgress),
            (AssignmentRole.Supporting, AssignmentStatus.NotStarted)]))));
}
