using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Core.Tests.Rules;

public class TaskRollupTests
{
    // Whether an assignment counts toward completion is the status engine's verdict (assignment_facts.counted, tested in
    // StatusEngineTests); here lead and implementing units count and supporting ones do not, as the engine says for these tasks.
    private static TaskState StateOf(params (AssignmentRole, AssignmentStatus)[] assignments) =>
        TaskRollup.StateOf(TaskRollup.Count(Judged(assignments)));

    private static IEnumerable<(bool, AssignmentStatus, bool)> Judged(IEnumerable<(AssignmentRole Role, AssignmentStatus Status)> assignments) =>
        assignments.Select(a => (a.Role != AssignmentRole.Supporting, a.Status, false));

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

    [Fact]
    public void ATaskIsOverdueWhenACountedAssignmentIsOverdue() =>
        Assert.True(TaskRollup.IsOverdue(TaskRollup.Count([
            (true, AssignmentStatus.Completed, false),
            (true, AssignmentStatus.Submitted, true)])));

    [Fact]
    public void ALateSupportingUnitDoesNotMakeTheTaskOverdue() =>
        Assert.False(TaskRollup.IsOverdue(TaskRollup.Count([
            (true, AssignmentStatus.Completed, false),
            (false, AssignmentStatus.InProgress, true)])));

    [Fact]
    public void TheFractionCountsDoneAmongCountedAssignments() =>
        Assert.Equal("2/3", TaskRollup.Fraction(TaskRollup.Count([
            (true, AssignmentStatus.Completed, false),
            (true, AssignmentStatus.Continuous, false),
            (true, AssignmentStatus.InProgress, true),
            (false, AssignmentStatus.NotStarted, false)])));

    private sealed class Row
    {
        public int Total { get; init; }
        public int NotStarted { get; init; }
        public int InProgress { get; init; }
        public int Submitted { get; init; }
        public int Completed { get; init; }
        public int Continuous { get; init; }
        public int Overdue { get; init; }
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0, 0)]
    [InlineData(3, 3, 0, 0, 0, 0)]
    [InlineData(3, 1, 1, 0, 1, 0)]
    [InlineData(3, 0, 0, 1, 1, 1)]
    [InlineData(3, 0, 0, 0, 2, 1)]
    [InlineData(3, 0, 0, 0, 3, 0)]
    [InlineData(2, 0, 0, 2, 0, 0)]
    public void TheRuleReadOverAQueryRowGivesTheSameStateAsTheRuleItself(int total, int notStarted, int inProgress, int submitted,
        int completed, int continuous)
    {
        var counts = new TaskRollup.Counts(total, notStarted, inProgress, submitted, completed, continuous);
        var row = new Row { Total = total, NotStarted = notStarted, InProgress = inProgress, Submitted = submitted, Completed = completed, Continuous = continuous };

        Assert.Equal(TaskRollup.StateOf(counts), TaskRollup.StateRuleOver<Row>().Compile()(row));
    }

    [Fact]
    public void ACompletedTaskIsCompletedLateWhenAnyCountedAssignmentWasCompletedLate() =>
        Assert.True(TaskRollup.IsCompletedLate(TaskRollup.Count([
            (true, AssignmentStatus.Completed, false, true),
            (true, AssignmentStatus.Completed, false, false),
            (false, AssignmentStatus.NotStarted, false, false)])));

    [Fact]
    public void AnUnfinishedTaskIsNotCompletedLateThoughOneOfItsUnitsFinishedLate() =>
        Assert.False(TaskRollup.IsCompletedLate(TaskRollup.Count([
            (true, AssignmentStatus.Completed, false, true),
            (true, AssignmentStatus.InProgress, false, false)])));

    [Fact]
    public void ALateSupportingUnitDoesNotMakeACompletedTaskLate() =>
        Assert.False(TaskRollup.IsCompletedLate(TaskRollup.Count([
            (true, AssignmentStatus.Completed, false, false),
            (false, AssignmentStatus.Completed, false, true)])));
}
