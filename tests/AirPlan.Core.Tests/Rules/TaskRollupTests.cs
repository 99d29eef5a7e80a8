using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Core.Tests.Rules;

public class TaskRollupTests
{
    private static TaskState StateOf(params (AssignmentRole, AssignmentStatus)[] assignments) =>
        TaskRollup.StateOf(TaskRollup.Count(assignments));

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
    public void SupportingUnitsCountOnlyWhenATaskHasNoOtherUnits() =>
        Assert.Equal(TaskState.Completed, StateOf((AssignmentRole.Supporting, AssignmentStatus.Completed)));

    [Fact]
    public void PercentDoneCountsCompletedAndContinuousAmongLeadAndImplementing() =>
        Assert.Equal(67, TaskRollup.PercentDone(TaskRollup.Count([
            (AssignmentRole.Lead, AssignmentStatus.Completed),
            (AssignmentRole.Implementing, AssignmentStatus.Continuous),
            (AssignmentRole.Implementing, AssignmentStatus.InProgress),
            (AssignmentRole.Supporting, AssignmentStatus.NotStarted)])));
}
