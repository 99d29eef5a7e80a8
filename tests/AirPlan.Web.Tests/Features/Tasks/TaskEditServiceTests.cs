using AirPlan.Core.Domain;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Common;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

[Collection(PostgresCollection.Name)]
public sealed class TaskEditServiceTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<TaskEditServiceTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private TaskEditService Edits => _db.Get<TaskEditService>();

    private async Task<PlanTask> TaskAsync(int taskId)
    {
        await using var db = _db.CreateDbContext();
        return await db.Tasks.AsNoTracking().Include(t => t.Milestones).SingleAsync(t => t.Id == taskId);
    }

    [Fact]
    public async Task ACoordinatorAddsAndRemovesADeadlineAndTheTaskBecomesOverdueAccordingly()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var task = await TaskAsync((await _db.FreshAssignmentAsync(withDeadline: false)).TaskId);

        await Edits.AddMilestoneAsync(coordinator, task.Id, task.Version, new DateOnly(2025, 9, 30), "2025年9月底前");

        var withDeadline = await TaskAsync(task.Id);
        var milestone = Assert.Single(withDeadline.Milestones);
        Assert.Equal("2025年9月底前", milestone.Text);
        await using (var db = _db.CreateDbContext())
        {
            var ids = await db.Assignments.Where(a => a.TaskId == task.Id).Select(a => a.Id).ToListAsync();
            // Judged today (2025-10-08, after the new 2025-09-30 deadline).
            var facts = await _db.Get<StatusEngine>().JudgeAsync(db, ids);
            Assert.Contains(facts.Values, f => f.FirstMissedDue is not null);
        }

        await Edits.RemoveMilestoneAsync(coordinator, task.Id, withDeadline.Version, milestone.Id);

        Assert.Empty((await TaskAsync(task.Id)).Milestones);
        await using var check = _db.CreateDbContext();
        Assert.Equal(["task.milestone-add", "task.milestone-remove"],
            await check.AuditEntries.Where(e => e.TaskId == task.Id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task EditingWithAStaleVersionIsAConflict()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var task = await TaskAsync((await _db.FreshAssignmentAsync(withDeadline: true)).TaskId);
        await Edits.EditAsync(coordinator, task.Id, task.Version, task.Title + "（修订）", task.Text, false);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Edits.EditAsync(coordinator, task.Id, task.Version, "另一人的修改", task.Text, false));

        Assert.EndsWith("（修订）", (await TaskAsync(task.Id)).Title);
    }

    [Theory]
    [InlineData(AppRoles.Leader, "孟津区")]
    [InlineData(AppRoles.Coordinator, "伊川县")]
    [InlineData(AppRoles.Liaison, null)]
    [InlineData(AppRoles.Admin, null)]
    public async Task OnlyTheRegionsCoordinatorEditsTasks(string role, string? region)
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var actor = await _db.ActorAsync(role, unitId: role == AppRoles.Liaison ? assignment.UnitId : null, regionName: region);
        var task = await TaskAsync(assignment.TaskId);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Edits.EditAsync(actor, task.Id, task.Version, "改", "改", false));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Edits.AddMilestoneAsync(actor, task.Id, task.Version, new DateOnly(2026, 1, 1), null));
    }

    [Fact]
    public async Task TextSearchFindsChineseSubstringsInTaskText()
    {
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        var page = await _db.Get<TaskListQueries>().ListAsync(coordinator, new TaskFilter { Plan = "mengjin-2024", Text = "光伏" });

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, row => Assert.Equal("mengjin-2024", row.PlanKey));
    }
}
