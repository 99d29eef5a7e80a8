using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Common;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

[Collection(PostgresCollection.Name)]
public sealed class WorkServiceTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<WorkServiceTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private WorkService Work => _db.Get<WorkService>();

    private string Period => ReportingPeriods.KeyOf(DateOnly.FromDateTime(_db.Clock.Now.DateTime), ReportingCycle.Quarterly);

    [Fact]
    public async Task ReportSubmitSendBackResubmitVerifyFollowsTheStatusModelAndLeavesHistory()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        await Work.ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id, await _db.VersionAsync(assignment.Id), Period,
            "完成可再生能源项目摸排", "部分项目用地未落实", "协调自然资源部门", 60, []));
        Assert.Equal(AssignmentStatus.InProgress, await _db.StatusAsync(assignment.Id));

        await _db.AddEvidenceAsync(assignment.Id);
        await Work.SubmitAsync(liaison, assignment.Id, await _db.VersionAsync(assignment.Id));
        await Work.SendBackAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id), "缺少验收照片");
        Assert.Equal(AssignmentStatus.InProgress, await _db.StatusAsync(assignment.Id));

        await Work.SubmitAsync(liaison, assignment.Id, await _db.VersionAsync(assignment.Id));
        await Work.VerifyAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id));

        await using var db = _db.CreateDbContext();
        var saved = await db.Assignments.SingleAsync(a => a.Id == assignment.Id);
        Assert.Equal(AssignmentStatus.Completed, saved.Status);
        Assert.Null(saved.SendBackReason);
        var actions = await db.AuditEntries.Where(e => e.EntityType == nameof(Assignment) && e.EntityId == assignment.Id.ToString())
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal(["report.create", "assignment.submit", "assignment.send-back", "assignment.submit", "assignment.verify"], actions);
        var reviews = await db.Reviews.Where(r => r.AssignmentId == assignment.Id).OrderBy(r => r.Id).Select(r => r.Outcome).ToListAsync();
        Assert.Equal([ReviewOutcome.SentBack, ReviewOutcome.Accepted], reviews);
        Assert.Equal(1, await db.ProgressReports.CountAsync(r => r.AssignmentId == assignment.Id));
    }

    [Fact]
    public async Task AuditRowsRecordWhoWhenAndBeforeAndAfter()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        await Work.OverrideStatusAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id), AssignmentStatus.InProgress, "已实地查看");

        await using var db = _db.CreateDbContext();
        var entry = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal("assignment.set-status", entry.Action);
        Assert.Equal(coordinator.UserId, entry.UserId);
        Assert.Equal(_db.Clock.Now, entry.At);
        Assert.Equal(assignment.TaskId, entry.TaskId);
        Assert.Contains("NotStarted", entry.Before);
        Assert.Contains("InProgress", entry.After);
        Assert.Contains("已实地查看", entry.Summary);
    }

    [Fact]
    public async Task AuditRowsCannotBeChangedOrDeleted()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        await Work.OverrideStatusAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id), AssignmentStatus.InProgress, null);

        await using var db = _db.CreateDbContext();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET summary = '篡改'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
    }

    [Fact]
    public async Task IllegalTransitionsAreRefusedAndChangeNothing()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var before = await _db.StatusAsync(assignment.Id);

        await Assert.ThrowsAsync<DomainException>(() => Work.VerifyAsync(coordinator, assignment.Id, assignment.Version));
        await Assert.ThrowsAsync<DomainException>(() => Work.SubmitAsync(liaison, assignment.Id, assignment.Version));
        await Assert.ThrowsAsync<DomainException>(() => Work.MarkContinuousAsync(coordinator, assignment.Id, assignment.Version));

        Assert.Equal(before, await _db.StatusAsync(assignment.Id));
    }

    [Fact]
    public async Task ASecondWriterWithAStaleVersionGetsAConflictNotASilentOverwrite()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        await _db.AddEvidenceAsync(assignment.Id);
        await Work.SubmitAsync(liaison, assignment.Id, await _db.VersionAsync(assignment.Id));
        var seenByBoth = await _db.VersionAsync(assignment.Id);

        await Work.SendBackAsync(coordinator, assignment.Id, seenByBoth, "请补充材料");
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Work.OverrideStatusAsync(coordinator, assignment.Id, seenByBoth, AssignmentStatus.Completed, null));

        Assert.Contains("他人更新", conflict.Message);
        Assert.Equal(AssignmentStatus.InProgress, await _db.StatusAsync(assignment.Id));
    }

    [Fact]
    public async Task AReportForAPeriodOtherThanThisOrTheLastIsRefused()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);

        await Assert.ThrowsAsync<DomainException>(() => Work.ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id,
            assignment.Version, "2023Q1", "补报", null, null, null, [])));
    }

    [Fact]
    public async Task ReportingACheckpointRecordsItForTheUnit()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var milestone = assignment.Task!.Milestones.OrderBy(m => m.DueOn).First();

        await Work.ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id, assignment.Version, Period, "节点工作已完成",
            null, null, null, [milestone.Id]));

        await using var db = _db.CreateDbContext();
        var checkpoint = await db.Checkpoints.SingleAsync(c => c.AssignmentId == assignment.Id);
        Assert.Equal(milestone.Id, checkpoint.MilestoneId);
        Assert.Equal(new DateOnly(2025, 10, 8), checkpoint.DoneOn);
    }
}
