using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Domain;

/// <summary>调整责任分工 as the task applies it: one row per unit, roles change in place, removed units are closed, not deleted.</summary>
public class ResponsibilityChangeTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 8, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Region County = new("410308", "孟津区", RegionLevel.County, null);
    private readonly Unit _fgw = Unit.Department(County, "区发展改革委");
    private readonly Unit _gxj = Unit.Department(County, "区工信局");
    private readonly Unit _town = Unit.Township(County, new Region("410308100", "城关镇", RegionLevel.Township, null));

    private PlanTask NewTask()
    {
        var plan = new Plan("p", "方案", null, null, new DateOnly(2024, 5, 1), 2024, County, "孟津区", "", new string('0', 64));
        var task = new PlanTask(plan, null, null, "1", "三-1", 1, "", "任务", "正文", 1, ["区发展改革委"], ["区工信局"], TownshipScopeKind.None, [], null, false);
        task.Assign(_fgw, AssignmentRole.Lead);
        task.Assign(_gxj, AssignmentRole.Supporting);
        return task;
    }

    [Fact]
    public void ASupportingUnitMadeLeadKeepsItsRowAndChangesRole()
    {
        var task = NewTask();
        var row = task.Assignments.Single(a => a.Unit == _gxj);

        var changes = task.ChangeResponsibilities([_gxj], [_fgw], TownshipScopeKind.None, [], "调整", Now);

        Assert.Equal(2, task.Assignments.Count);
        Assert.Equal(AssignmentRole.Lead, row.Role);
        Assert.All(changes, c => Assert.Equal(ResponsibilityChangeKind.RoleChanged, c.Kind));
        Assert.Equal(["区工信局"], task.LeadUnitNames);
    }

    [Fact]
    public void AUnitNamedBothLeadAndSupportingIsLeadOnce()
    {
        var task = NewTask();

        task.ChangeResponsibilities([_fgw, _gxj], [_gxj], TownshipScopeKind.None, [], "调整", Now);

        Assert.Equal(2, task.Assignments.Count);
        Assert.All(task.Assignments, a => Assert.Equal(AssignmentRole.Lead, a.Role));
        Assert.Empty(task.SupportingUnitNames);
    }

    [Fact]
    public void ARemovedUnitIsClosedNotDeletedAndTakesNoMoreReports()
    {
        var task = NewTask();
        var row = task.Assignments.Single(a => a.Unit == _gxj);

        var preview = task.PlanResponsibilities([_fgw], [], [_town]);
        Assert.Null(row.ClosedAt);
        task.ChangeResponsibilities([_fgw], [], TownshipScopeKind.Named, [_town], "调整", Now);

        Assert.Equal([ResponsibilityChangeKind.Added, ResponsibilityChangeKind.Closed], preview.Select(c => c.Kind).Order());
        Assert.Equal(3, task.Assignments.Count);
        Assert.Equal(Now, row.ClosedAt);
        Assert.Throws<DomainException>(() => row.RecordProgress(Now));
        Assert.Equal(["城关镇"], task.NamedTownships);
    }

    [Fact]
    public void NamingAClosedUnitAgainReopensItsRow()
    {
        var task = NewTask();
        task.ChangeResponsibilities([_fgw], [], TownshipScopeKind.None, [], "调整", Now);

        var changes = task.ChangeResponsibilities([_fgw], [_gxj], TownshipScopeKind.None, [], "调整", Now);

        Assert.Equal(ResponsibilityChangeKind.Reopened, Assert.Single(changes).Kind);
        Assert.Equal(2, task.Assignments.Count);
        Assert.All(task.Assignments, a => Assert.False(a.IsClosed));
    }

    [Fact]
    public void ATaskLeftWithoutAnyUnitIsRefused() =>
        Assert.Throws<DomainException>(() => NewTask().ChangeResponsibilities([], [], TownshipScopeKind.None, [], "调整", Now));
}
