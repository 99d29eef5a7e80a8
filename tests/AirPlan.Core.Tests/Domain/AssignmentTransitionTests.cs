using AirPlan.Core.Domain;

namespace AirPlan.Core.Tests.Domain;

public class AssignmentTransitionTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 8, 9, 0, 0, TimeSpan.FromHours(8));

    private static Assignment NewAssignment(bool continuous = false, bool withDeadline = true)
    {
        var region = new Region("410308", "孟津区", RegionLevel.County, null);
        var plan = new Plan("p", "方案", null, null, null, 2025, region, "孟津区", "", new string('0', 64));
        var task = new PlanTask(plan, null, null, "1", "三-1", 1, "", "任务", "正文", 1, [], [], AirPlan.Core.Parsing.TownshipScopeKind.None, [], null, continuous);
        if (withDeadline) task.AddMilestone(new DateOnly(2025, 12, 31), "2025年底前");
        return task.Assign(Unit.Department(region, "区发展改革委"), AssignmentRole.Lead);
    }

    [Fact]
    public void AProgressReportStartsUnstartedWork()
    {
        var assignment = NewAssignment();

        assignment.RecordProgress(Now);

        Assert.Equal(AssignmentStatus.InProgress, assignment.Status);
    }

    [Fact]
    public void SubmittingWithoutEvidenceIsRefused()
    {
        var assignment = NewAssignment();

        var error = Assert.Throws<DomainException>(() => assignment.Submit(0, Now));

        Assert.Contains("佐证材料", error.Message);
        Assert.Equal(AssignmentStatus.NotStarted, assignment.Status);
    }

    [Fact]
    public void SubmitThenVerifyCompletesTheAssignment()
    {
        var assignment = NewAssignment();

        assignment.Submit(1, Now);
        assignment.Verify(Now.AddDays(1));

        Assert.Equal(AssignmentStatus.Completed, assignment.Status);
        Assert.Equal(Now.AddDays(1), assignment.CompletedAt);
    }

    [Fact]
    public void SendingBackReturnsToInProgressWithTheReason()
    {
        var assignment = NewAssignment();
        assignment.Submit(1, Now);

        assignment.SendBack("佐证材料不全", Now);

        Assert.Equal(AssignmentStatus.InProgress, assignment.Status);
        Assert.Equal("佐证材料不全", assignment.SendBackReason);
    }

    [Fact]
    public void SendingBackWithoutAReasonIsRefused()
    {
        var assignment = NewAssignment();
        assignment.Submit(1, Now);

        Assert.Throws<DomainException>(() => assignment.SendBack("  ", Now));
        Assert.Equal(AssignmentStatus.Submitted, assignment.Status);
    }

    [Fact]
    public void OnlySubmittedWorkCanBeVerifiedOrSentBack()
    {
        var assignment = NewAssignment();

        Assert.Throws<DomainException>(() => assignment.Verify(Now));
        Assert.Throws<DomainException>(() => assignment.SendBack("原因", Now));
    }

    [Fact]
    public void CompletedWorkTakesNoMoreReportsOrSubmissions()
    {
        var assignment = NewAssignment();
        assignment.Submit(1, Now);
        assignment.Verify(Now);

        Assert.Throws<DomainException>(() => assignment.RecordProgress(Now));
        Assert.Throws<DomainException>(() => assignment.Submit(1, Now));
    }

    [Fact]
    public void ResubmittingAfterSendBackClearsTheReason()
    {
        var assignment = NewAssignment();
        assignment.Submit(1, Now);
        assignment.SendBack("补充照片", Now);

        assignment.Submit(2, Now);

        Assert.Equal(AssignmentStatus.Submitted, assignment.Status);
        Assert.Null(assignment.SendBackReason);
    }

    [Fact]
    public void DatedTasksCannotBeMarkedContinuous() =>
        Assert.Throws<DomainException>(() => NewAssignment().MarkContinuous(Now));

    [Fact]
    public void ContinuousTasksCanBeMarkedContinuous()
    {
        var assignment = NewAssignment(continuous: true, withDeadline: false);

        assignment.MarkContinuous(Now);

        Assert.Equal(AssignmentStatus.Continuous, assignment.Status);
    }
}
