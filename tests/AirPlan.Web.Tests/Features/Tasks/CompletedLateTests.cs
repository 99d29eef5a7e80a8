using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Reports.Sheets;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>
/// 逾期完成: work verified after its last deadline keeps the mark with the days late, however long after; work verified by the
/// deadline is 按期完成. The clock is moved as a real office's days go by: the test database starts on 2023年6月1日, before any
/// 孟津区 deadline, and each test sets the day of each verification. One database for the class; the tests run one after another
/// and each works on assignments or a task no other test touches.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CompletedLateTests(PostgresServer server) : IAsyncLifetime
{
    private const string Plan = "mengjin-2024";
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<CompletedLateTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private StatusEngine Engine => _db.Get<StatusEngine>();

    /// <summary>Sets the clock to 10:00 (China time) of the day.</summary>
    private void Today(DateOnly day) => Today(_db, day);

    private static void Today(WorkDatabase db, DateOnly day) =>
        db.Clock.Now = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));

    private async Task<AssignmentFact> JudgeAsync(int assignmentId, DateOnly? asOf = null)
    {
        await using var db = _db.CreateDbContext();
        return (await Engine.JudgeAsync(db, [assignmentId], asOf))[assignmentId];
    }

    /// <summary>The unit's liaison submits with evidence on the day, 孟津区's coordinator verifies the same day.</summary>
    private async Task CompleteAsync(int assignmentId, int unitId, DateOnly on)
    {
        Today(on);
        var work = _db.Get<WorkService>();
        await _db.AddEvidenceAsync(assignmentId);
        await work.SubmitAsync(await _db.ActorAsync(AppRoles.Liaison, unitId: unitId), assignmentId, await _db.VersionAsync(assignmentId));
        await work.VerifyAsync(await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区"), assignmentId, await _db.VersionAsync(assignmentId));
    }

    [Fact]
    public async Task WorkVerifiedBeforeItsDeadlineIsCompletedOnTime()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var last = assignment.Task!.Milestones.Max(m => m.DueOn);

        await CompleteAsync(assignment.Id, assignment.UnitId, last.AddDays(-3));
        Today(last.AddDays(40));
        var fact = await JudgeAsync(assignment.Id);

        Assert.Equal((AssignmentStatus.Completed, last.AddDays(-3), (int?)null), (fact.Status, fact.CompletedOn, fact.CompletedLateDays));
    }

    [Fact]
    public async Task WorkVerifiedOnItsDeadlineDayIsOnTimeAndTheDayAfterIsOneDayLate()
    {
        var onTheDay = await _db.FreshAssignmentAsync(withDeadline: true);
        var dayAfter = await _db.FreshAssignmentAsync(withDeadline: true);

        await CompleteAsync(onTheDay.Id, onTheDay.UnitId, onTheDay.Task!.Milestones.Max(m => m.DueOn));
        await CompleteAsync(dayAfter.Id, dayAfter.UnitId, dayAfter.Task!.Milestones.Max(m => m.DueOn).AddDays(1));
        Today(new DateOnly(2027, 1, 1));

        Assert.Null((await JudgeAsync(onTheDay.Id)).CompletedLateDays);
        Assert.Equal(1, (await JudgeAsync(dayAfter.Id)).CompletedLateDays);
    }

    [Fact]
    public async Task WorkVerifiedAfterItsDeadlineKeepsTheDaysLateTodayAndInHistoryButWasOverdueBefore()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var last = assignment.Task!.Milestones.Max(m => m.DueOn);

        await CompleteAsync(assignment.Id, assignment.UnitId, last.AddDays(17));
        Today(last.AddDays(200));

        var now = await JudgeAsync(assignment.Id);
        Assert.Equal((last.AddDays(17), (int?)17, (DateOnly?)null), (now.CompletedOn, now.CompletedLateDays, now.FirstMissedDue));
        // As of a past day after the verification (from the status history): the same mark.
        Assert.Equal(17, (await JudgeAsync(assignment.Id, last.AddDays(30))).CompletedLateDays);
        // The day before it: still 逾期, not yet completed at all.
        var before = await JudgeAsync(assignment.Id, last.AddDays(16));
        Assert.Equal((AssignmentStatus.NotStarted, (int?)null), (before.Status, before.CompletedLateDays));
        Assert.NotNull(before.FirstMissedDue);
    }

    [Fact]
    public async Task ReopenedWorkLosesTheMarkUntilItIsVerifiedAgain()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var last = assignment.Task!.Milestones.Max(m => m.DueOn);
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        await CompleteAsync(assignment.Id, assignment.UnitId, last.AddDays(-10));

        Today(last.AddDays(5));
        await _db.Get<WorkService>().OverrideStatusAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id), AssignmentStatus.InProgress, "补充材料");
        Assert.Null((await JudgeAsync(assignment.Id)).CompletedLateDays);
        Today(last.AddDays(9));
        await _db.Get<WorkService>().OverrideStatusAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id), AssignmentStatus.Completed, null);

        // Judged on the latest completion, which came after the deadline.
        Assert.Equal(9, (await JudgeAsync(assignment.Id)).CompletedLateDays);
    }

    /// <summary>
    /// One task completed late as a whole (21: last deadline 2024年10月31日, its lead and 14 townships verified after it), another
    /// completed on time (8: last deadline 2025年12月31日, all verified before it): the dashboard counts each apart at
    /// both levels, every figure opens exactly its rows, the task list shows the marks and the Excel ledger prints them. On a
    /// database of its own, so that every count is exact.
    /// </summary>
    [Fact]
    public async Task DashboardTaskListAndExcelCountOnTimeAndLateCompletionApartAndAgree()
    {
        await using var own = await WorkDatabase.CreateAsync(server);
        await using (var context = own.CreateDbContext())
        {
            var late = await CountedOfAsync(context, "21");
            var onTime = await CountedOfAsync(context, "8");
            var coordinator = await own.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
            var work = own.Get<WorkService>();
            // 8's deadlines are 2024年10月31日 and 2025年12月31日: verified on 2025年6月1日, on time (the missed first checkpoint
            // does not make completion late: the rule compares with the last deadline).
            Today(own, new DateOnly(2025, 6, 1));
            foreach (var a in onTime) await work.OverrideStatusAsync(coordinator, a, await own.VersionAsync(a), AssignmentStatus.Completed, null);
            // 21's last is 2024年10月31日: one verified on 2025年1月10日, 71 days late; the other 14 on 2024年11月5日, 5 days late.
            Today(own, new DateOnly(2024, 11, 5));
            foreach (var a in late.Skip(1)) await work.OverrideStatusAsync(coordinator, a, await own.VersionAsync(a), AssignmentStatus.Completed, null);
            Today(own, new DateOnly(2025, 1, 10));
            await work.OverrideStatusAsync(coordinator, late[0], await own.VersionAsync(late[0]), AssignmentStatus.Completed, null);
        }
        Today(own, new DateOnly(2025, 10, 8));
        var leader = await own.ActorAsync(AppRoles.Admin);
        var scope = new TaskFilter { Plan = Plan };

        var totals = await own.Get<RollupQueries>().TotalsAsync(leader, scope);
        var lists = own.Get<TaskListQueries>();

        Assert.Equal((2, 1, 1), (totals.Tasks.Completed, totals.Tasks.CompletedOnTime, totals.Tasks.CompletedLate));
        Assert.Equal((30, 15, 15), (totals.Figures.Completed, totals.Figures.CompletedOnTime, totals.Figures.CompletedLate));
        foreach (var figure in new[] { TaskFigure.Completed, TaskFigure.CompletedOnTime, TaskFigure.CompletedLate })
            Assert.Equal(totals.Tasks.Of(figure), (await lists.ListTasksAsync(leader, totals.FilterFor(figure), TaskListSort.Default)).Total);
        foreach (var figure in new[] { RollupFigure.Completed, RollupFigure.CompletedOnTime, RollupFigure.CompletedLate })
            Assert.Equal(totals.Figures.Of(figure), (await lists.ListAsync(leader, totals.FilterFor(figure) with { PageSize = 200 })).Total);

        var lateTasks = (await lists.ListTasksAsync(leader, totals.FilterFor(TaskFigure.CompletedLate), TaskListSort.Default)).Items;
        Assert.Equal(("21", (int?)71), (lateTasks.Single().Number, lateTasks.Single().CompletedLateDays));
        var lateRows = (await lists.ListAsync(leader, scope with { Completion = CompletionTiming.Late, TaskId = lateTasks[0].TaskId })).Items;
        Assert.Equal(15, lateRows.Count);
        Assert.Equal([5, 71], lateRows.Select(r => r.CompletedLateDays!.Value).Distinct().Order());
        Assert.Contains("completion=Late", TaskFilterQuery.ToUrl(totals.FilterFor(TaskFigure.CompletedLate)));
        Assert.Equal(totals.FilterFor(TaskFigure.CompletedLate) with { Page = 1 },
            TaskFilterQuery.Parse(Plan, null, null, null, null, null, null, null, null, null, view: "tasks", completion: "late"));

        // The task page: 已完成 with 逾期完成 71 天 beside it.
        var page = await own.Get<TaskPageQueries>().GetAsync(leader, Plan, lateTasks[0].TaskId);
        Assert.Equal((TaskState.Completed, (int?)71), (page!.Task.State, page.Task.CompletedLateDays));

        // The 季度进展台账 of the quarter: the task's 完成情况 and the 汇总 counts apart, equal to the dashboard's.
        var request = new QuarterlyReportRequest(Plan, "2025Q4");
        var file = await own.Get<QuarterlyReportService>().ExportAsync(leader, request);
        using var workbook = new XLWorkbook(new MemoryStream(file.Content));
        var tasks = workbook.Worksheet(TaskSheet.Name);
        var completionColumn = Array.FindIndex(TaskSheet.Columns, c => c.Text == "完成情况") + 1;
        var completions = tasks.RowsUsed().Skip(3).Select(r => r.Cell(completionColumn).GetString()).Where(t => t.Length > 0).Order().ToList();
        Assert.Equal(["按期完成", "逾期完成71天"], completions);
        var detail = workbook.Worksheet(DetailSheet.Name);
        Assert.Equal("完成情况", detail.Cell(3, DetailSheet.Columns.Length).GetString());
        Assert.Contains(detail.Column(DetailSheet.Columns.Length).CellsUsed(), c => c.GetString() == "逾期完成71天");
        var total = workbook.Worksheet(SummarySheet.Name).RowsUsed().Last();
        Assert.Equal(("其中按期完成", "其中逾期完成"), (SummarySheet.Columns[4].Text, SummarySheet.Columns[5].Text));
        Assert.Equal((totals.Figures.Completed, totals.Figures.CompletedOnTime, totals.Figures.CompletedLate),
            ((int)total.Cell(4).GetDouble(), (int)total.Cell(5).GetDouble(), (int)total.Cell(6).GetDouble()));
    }

    /// <summary>The task's lead and implementing assignments (what counts toward its completion), lead first.</summary>
    private static async Task<List<int>> CountedOfAsync(AppDbContext context, string number) =>
        await context.Assignments
            .Where(a => a.Task!.Plan!.Key == Plan && a.Task.ParentId == null && a.Task.Number == number && a.Role != AssignmentRole.Supporting)
            .OrderBy(a => a.Role).ThenBy(a => a.Id).Select(a => a.Id).ToListAsync();
}
