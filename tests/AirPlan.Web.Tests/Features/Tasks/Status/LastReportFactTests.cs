using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks.Status;

/// <summary>
/// 最近报送 is kept in the facts (assignment_facts.last_report_at, ADR 030) so the list sorts on a column: it must follow every
/// write to progress_reports — a report written through the workflow, one edited and one withdrawn (by SQL, as an admin or a
/// restore would) — in today's snapshot and in a past date's, which sees only reports recorded by its end.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LastReportFactTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<LastReportFactTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private string Period => ReportingPeriods.KeyOf(DateOnly.FromDateTime(_db.Clock.Now.DateTime), ReportingCycle.Quarterly);

    /// <summary>What the list shows and sorts by for the assignment, today or as of a date.</summary>
    private async Task<(DateTimeOffset? Fact, DateTimeOffset? Listed)> LastReportAsync(int assignmentId, DateOnly? asOf = null)
    {
        var engine = _db.Get<StatusEngine>();
        await using var db = _db.CreateDbContext();
        var fact = (await engine.JudgeAsync(db, [assignmentId], asOf))[assignmentId].LastReportAt;
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var row = (await _db.Get<TaskListQueries>().ListAsync(coordinator, new TaskFilter { TaskId = await TaskOfAsync(assignmentId), AsOf = asOf, PageSize = 200 },
            new TaskListSort(TaskSortField.LastReport, Descending: true))).Items.Single(r => r.AssignmentId == assignmentId);
        return (fact, row.LastReportAt);
    }

    private async Task<int> TaskOfAsync(int assignmentId)
    {
        await using var db = _db.CreateDbContext();
        return await db.Assignments.Where(a => a.Id == assignmentId).Select(a => a.TaskId).SingleAsync();
    }

    private async Task ExecuteAsync(FormattableString sql)
    {
        await using var db = _db.CreateDbContext();
        await db.Database.ExecuteSqlAsync(sql);
    }

    [Fact]
    public async Task TheLastReportFollowsAReportWrittenEditedAndWithdrawnTodayAndAsOfAPastDate()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var yesterday = DateOnly.FromDateTime(_db.Clock.Now.DateTime).AddDays(-1);
        // Both snapshots built before the writes: the triggers must keep them current, not a rebuild.
        Assert.Equal((null, null), await LastReportAsync(assignment.Id));
        Assert.Equal((null, null), await LastReportAsync(assignment.Id, yesterday));

        // written
        var reportId = await _db.Get<WorkService>().ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id,
            await _db.VersionAsync(assignment.Id), Period, "已完成摸排", null, null, null, []));
        var written = _db.Clock.GetUtcNow();
        var today = await LastReportAsync(assignment.Id);
        Assert.Equal(written, today.Fact);
        Assert.Equal(written, today.Listed);
        Assert.Equal((null, null), await LastReportAsync(assignment.Id, yesterday)); // recorded after that day ended

        // edited: dated two days back, so yesterday's snapshot sees it too
        var backdated = written.AddDays(-2);
        await ExecuteAsync($"UPDATE progress_reports SET reported_at = {backdated} WHERE id = {reportId}");
        Assert.Equal((backdated, backdated), await LastReportAsync(assignment.Id));
        Assert.Equal((backdated, backdated), await LastReportAsync(assignment.Id, yesterday));

        // withdrawn
        await ExecuteAsync($"DELETE FROM progress_reports WHERE id = {reportId}");
        Assert.Equal((null, null), await LastReportAsync(assignment.Id));
        Assert.Equal((null, null), await LastReportAsync(assignment.Id, yesterday));
    }
}
