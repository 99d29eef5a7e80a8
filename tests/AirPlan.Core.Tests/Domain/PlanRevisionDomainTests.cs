using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Domain;

/// <summary>What a revised plan (修订版) does to the running plan's entities: versions, removed tasks, moved deadlines.</summary>
public class PlanRevisionDomainTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 8, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Region County = new("410308", "孟津区", RegionLevel.County, null);
    private readonly Unit _fgw = Unit.Department(County, "区发展改革委");
    private readonly Unit _gxj = Unit.Department(County, "区工信局");

    private static Plan NewPlan() =>
        new("p", "方案", "孟政办〔2024〕21号", null, new DateOnly(2024, 12, 9), 2024, County, "孟津区", "第一版正文", new string('0', 64));

    private PlanTask NewTask(Plan plan)
    {
        var task = new PlanTask(plan, null, null, "1", "三-1", 1, "", "任务", "正文", 1, ["区发展改革委"], ["区工信局"], TownshipScopeKind.None, [], null, false);
        task.Assign(_fgw, AssignmentRole.Lead);
        task.Assign(_gxj, AssignmentRole.Supporting);
        return task;
    }

    [Fact]
    public void ARemovedTaskClosesEveryAssignmentAndKeepsTheRows()
    {
        var task = NewTask(NewPlan());

        var closed = task.Withdraw("第2版（修订版）删除该任务", Now);

        Assert.True(task.IsWithdrawn);
        Assert.Equal(2, task.Assignments.Count);
        Assert.All(task.Assignments, a => Assert.Equal("第2版（修订版）删除该任务", a.ClosedReason));
        Assert.All(closed, c => Assert.Equal(ResponsibilityChangeKind.Closed, c.Kind));
        Assert.Throws<DomainException>(() => task.Assignments[0].RecordProgress(Now));
    }

    [Fact]
    public void AMovedDeadlineIsTheSameMilestoneWithItsNewDateAndWords()
    {
        var task = NewTask(NewPlan());
        var milestone = task.AddMilestone(new DateOnly(2025, 6, 30), "2025年6月底前");

        task.MoveMilestone(milestone, new DateOnly(2025, 9, 30), "2025年9月底前");

        Assert.Same(milestone, Assert.Single(task.Milestones));
        Assert.Equal((new DateOnly(2025, 9, 30), "2025年9月底前"), (milestone.DueOn, milestone.Text));
    }

    [Fact]
    public void ARevisionKeepsThePreviousTextAsAVersionAndCountsUp()
    {
        var plan = NewPlan();

        var previous = plan.Revise("方案（修订版）", "孟政办〔2025〕5号", null, new DateOnly(2025, 3, 1), 2025, "第二版正文", new string('1', 64),
            "修订版.docx", new DateOnly(2025, 10, 8), Now);

        Assert.Equal((1, "第一版正文", "孟政办〔2024〕21号"), (previous.Number, previous.SourceText, previous.DocNumber));
        Assert.Equal((2, "第二版正文", "修订版.docx"), (plan.Revision, plan.SourceText, plan.SourceFileName));
        // The revised document's own date; the plan's 印发日期 (from which its work counts) stays.
        Assert.Equal((new DateOnly(2025, 3, 1), new DateOnly(2024, 12, 9)), (plan.RevisedOn, plan.IssuedOn));
        Assert.Throws<DomainException>(() => plan.Revise("方案", null, null, null, null, "第二版正文", new string('1', 64), null,
            new DateOnly(2025, 10, 8), Now));
    }
}
