using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Parsing;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Calendar;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Features.Tasks.Status;

/// <summary>
/// The one status engine, asked through every screen that shows its verdicts: the task page, the task list, the dashboard,
/// the Excel report and the calendar must say the same about each edge case. "Today" is 2025-10-15; the plan was made 2025-07-01.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatusEngineTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly object Gate = new();
    private static Task<EdgePlan>? _shared;
    private EdgePlan _plan = default!;

    public async Task InitializeAsync()
    {
        lock (Gate) _shared ??= EdgePlan.CreateAsync(server);
        _plan = await _shared;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>What each edge case must show everywhere: 逾期, 逾期天数 and the light.</summary>
    private static readonly Dictionary<string, (bool Overdue, int DaysOverdue, WarningLight Light)> Expected = new()
    {
        ["due-today"] = (false, 0, WarningLight.Yellow),
        ["due-yesterday"] = (true, 1, WarningLight.Red),
        ["recurring"] = (false, 0, WarningLight.Green),
        ["sent-back-after-deadline"] = (true, 15, WarningLight.Red),
        ["completed-late"] = (false, 0, WarningLight.Green),
        ["no-deadline"] = (false, 0, WarningLight.Green),
    };

    private T Get<T>() where T : notnull => _plan.Host.Services.GetRequiredService<T>();

    [Fact]
    public async Task TheTaskPageTheListTheDashboardTheExcelReportAndTheCalendarAgreeOnEveryEdgeCase()
    {
        var admin = EdgePlan.Admin;
        var edges = Expected.Keys.ToDictionary(name => _plan.Ids[name]);

        var page = new Dictionary<int, (bool, int, WarningLight)>();
        foreach (var name in Expected.Keys)
        {
            var task = (await Get<TaskPageQueries>().GetAsync(admin, EdgePlan.Key, _plan.TaskIds[name]))!.Task;
            var a = task.Assignments.Single(x => x.Id == _plan.Ids[name]);
            page[a.Id] = (a.FirstMissedDue is not null, a.DaysOverdue, a.Light);
        }

        var list = (await Get<TaskListQueries>().ListAsync(admin, new TaskFilter { Plan = EdgePlan.Key, PageSize = 200 })).Items
            .Where(r => edges.ContainsKey(r.AssignmentId))
            .ToDictionary(r => r.AssignmentId, r => (r.FirstMissedDue is not null, r.DaysOverdue, r.Light));

        var rollups = Get<RollupQueries>();
        var scope = new TaskFilter { Plan = EdgePlan.Key };
        var totals = await rollups.TotalsAsync(admin, scope);
        var overdueList = await rollups.OverdueAsync(admin, scope);
        HashSet<int> drilled;
        await using (var db = _plan.CreateDbContext())
        {
            var drill = totals.FilterFor(RollupFigure.Overdue);
            var asOf = await Get<StatusEngine>().PrepareAsync(db, admin, drill);
            drilled = (await StatusEngine.Filter(db, admin, drill, asOf).Select(a => a.Id).ToListAsync()).ToHashSet();
        }

        var report = await Get<QuarterlyReportQueries>().LoadAsync(admin, new QuarterlyReportRequest(EdgePlan.Key, "2025Q4"));
        var excel = report.Plans.SelectMany(p => p.Tasks).SelectMany(t => t.Assignments).Where(a => edges.ContainsKey(a.Id))
            .ToDictionary(a => a.Id, a => (a.FirstMissedDue is not null, a.DaysOverdue));

        var calendar = await CalendarEventsAsync();

        foreach (var (id, name) in edges)
        {
            var expected = Expected[name];
            Assert.True(expected == page[id], $"任务详情 {name}: {page[id]}");
            Assert.True(expected == list[id], $"任务清单 {name}: {list[id]}");
            Assert.True((expected.Overdue, expected.DaysOverdue) == excel[id], $"季度台账 {name}: {excel[id]}");
            Assert.True(expected.Overdue == drilled.Contains(id), $"总览逾期 {name}");
            Assert.True(expected.Overdue == overdueList.Items.Any(i => i.AssignmentIds.Contains(id) && i.DaysOverdue == expected.DaysOverdue),
                $"逾期任务列表 {name}");
            foreach (var description in calendar.Where(e => e.Unit == EdgePlan.UnitName(name)).Select(e => e.Description))
                Assert.True(expected.Overdue == description.Contains($"逾期 {expected.DaysOverdue} 天"), $"日历 {name}: {description}");
        }
        Assert.Equal(Expected.Values.Count(e => e.Overdue), totals.Figures.Overdue);
        // One event per milestone: today, yesterday, three recurring, sent back, completed late; none without a deadline.
        Assert.Equal(1 + 1 + 3 + 1 + 1, calendar.Count(e => Expected.Keys.Any(n => e.Unit == EdgePlan.UnitName(n))));
    }

    private async Task<List<(string Unit, string Description)>> CalendarEventsAsync()
    {
        var feed = Get<CalendarFeed>();
        var ics = (await feed.FeedAsync(await feed.IssueTokenAsync(EdgePlan.CalendarUser)))!.Replace("\r\n ", "");
        return ics.Split("BEGIN:VEVENT").Skip(1).Select(e =>
        {
            var lines = e.Split("\r\n");
            var summary = lines.Single(l => l.StartsWith("SUMMARY:"));
            var unit = summary[(summary.LastIndexOf('（') + 1)..summary.LastIndexOf('）')];
            return (unit, lines.Single(l => l.StartsWith("DESCRIPTION:")));
        }).ToList();
    }

    private async Task<AssignmentFact> FactAsync(string name)
    {
        await using var db = _plan.CreateDbContext();
        return (await Get<StatusEngine>().JudgeAsync(db, [_plan.Ids[name]]))[_plan.Ids[name]];
    }

    [Fact]
    public async Task AMissingReportForTheClosedQuarterIsLate() => Assert.True((await FactAsync("report-missing")).ReportMissing);

    [Fact]
    public async Task AReportForTheClosedQuarterIsOnTime() => Assert.False((await FactAsync("report-on-time")).ReportMissing);

    [Fact]
    public async Task WorkGivenToAUnitLaterIsOwedFromThePlansIssueDate() =>
        Assert.True((await FactAsync("assigned-after-period")).ReportMissing);

    [Fact]
    public async Task NothingIsOwedForAPeriodThatEndedBeforeThePlanWasIssued() =>
        Assert.False((await FactAsync("issued-after-period")).ReportMissing);

    [Fact]
    public async Task CompletedWorkOwesNoFurtherReports() => Assert.False((await FactAsync("completed-before-period-end")).ReportMissing);

    [Fact]
    public async Task MonthlyPlansOweLastMonth() => Assert.True((await FactAsync("monthly")).ReportMissing);

    [Fact]
    public async Task SupportingUnitsCountOnlyWhenATaskHasNoOtherUnits()
    {
        var alone = await FactAsync("supporting-alone");
        var beside = await FactAsync("supporting-beside-lead");

        Assert.True(alone.Counted);
        Assert.False(beside.Counted);
        Assert.Equal(TaskState.Completed, TaskRollup.StateOf(TaskRollup.Count([(alone.Counted, alone.Status, alone.FirstMissedDue != null)])));
    }

    /// <summary>One plan, one task and department per edge case, with hand-countable history.</summary>
    private sealed class EdgePlan
    {
        public const string Key = "edge-cases";
        public const string CalendarUser = "edge-calendar";

        public static readonly UserContext Admin = new("admin", "admin", "管理员", new HashSet<string> { AppRoles.Admin },
            new HashSet<int>(), new HashSet<int>());

        public required IHost Host { get; init; }
        public required Dictionary<string, int> Ids { get; init; }
        public required Dictionary<string, int> TaskIds { get; init; }

        public AppDbContext CreateDbContext() => Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

        public static string UnitName(string edge) => $"部门-{edge}";

        private static DateTimeOffset At(int month, int day) =>
            new DateTimeOffset(2025, month, day, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

        public static async Task<EdgePlan> CreateAsync(PostgresServer server)
        {
            var clock = new TestClock(At(7, 1));
            var host = TestServices.Build(await SeedTemplates.RegionsCopyAsync(server, "edges"), clock: clock);
            var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            var ids = new Dictionary<string, int>();
            var taskIds = new Dictionary<string, int>();
            var assignments = new Dictionary<string, Assignment>();
            var tasks = new Dictionary<string, PlanTask>();

            await using (var db = factory.CreateDbContext())
            {
                var region = await db.Regions.SingleAsync(r => r.Name == "孟津区" && r.Level == RegionLevel.County);
                var plan = new Plan(Key, "边界情况方案", null, null, new DateOnly(2025, 7, 1), 2025, region, "孟津区", "", new string('1', 64));
                var monthly = new Plan(Key + "-monthly", "按月报送方案", null, null, new DateOnly(2025, 7, 1), 2025, region, "孟津区", "", new string('2', 64));
                monthly.ChangeReportingCycle(ReportingCycle.Monthly);
                var order = 0;
                PlanTask Task(Plan p, string name, string? recurrence = null, params DateOnly[] deadlines)
                {
                    order++;
                    var task = new PlanTask(p, null, null, order.ToString(), order.ToString(), order, "", $"任务-{name}", $"{name}的内容", order,
                        [], [], TownshipScopeKind.None, [], recurrence, false);
                    foreach (var due in deadlines) task.AddMilestone(due, ChineseDate.Format(due) + "前");
                    tasks[name] = task;
                    return task;
                }
                Assignment Lead(PlanTask task, string name, AssignmentRole role = AssignmentRole.Lead)
                {
                    var unit = Unit.Department(region, UnitName(name));
                    db.Add(unit);
                    return assignments[name] = task.Assign(unit, role);
                }

                Lead(Task(plan, "due-today", null, new DateOnly(2025, 10, 15)), "due-today");
                Lead(Task(plan, "due-yesterday", null, new DateOnly(2025, 10, 14)), "due-yesterday");
                Lead(Task(plan, "recurring", "每月", new DateOnly(2025, 8, 31), new DateOnly(2025, 9, 30), new DateOnly(2025, 10, 31)), "recurring");
                Lead(Task(plan, "sent-back-after-deadline", null, new DateOnly(2025, 9, 30)), "sent-back-after-deadline");
                Lead(Task(plan, "completed-late", null, new DateOnly(2025, 9, 30)), "completed-late");
                Lead(Task(plan, "no-deadline"), "no-deadline");
                Lead(Task(plan, "report-missing"), "report-missing");
                Lead(Task(plan, "report-on-time"), "report-on-time");
                Task(plan, "assigned-after-period");
                Lead(Task(plan, "completed-before-period-end"), "completed-before-period-end");
                Lead(Task(monthly, "monthly"), "monthly");
                Lead(Task(plan, "supporting-alone"), "supporting-alone", AssignmentRole.Supporting);
                Lead(tasks["due-today"], "supporting-beside-lead", AssignmentRole.Supporting);
                db.AddRange(plan, monthly);
                db.AddRange(tasks.Values);
                await db.SaveChangesAsync();
            }

            async Task Act(string name, DateTimeOffset when, Action<AppDbContext, Assignment> action)
            {
                clock.Now = when;
                await using var db = factory.CreateDbContext();
                var a = await db.Assignments.Include(x => x.Task!).ThenInclude(t => t.Milestones).SingleAsync(x => x.Id == assignments[name].Id);
                action(db, a);
                await db.SaveChangesAsync();
            }
            void Report(AppDbContext db, Assignment a, string period, DateTimeOffset when) =>
                db.ProgressReports.Add(new ProgressReport(a, period, "按计划推进", null, null, null, "u", "联络员", when));
            static Milestone Due(Assignment a, int month) => a.Task!.Milestones.Single(m => m.DueOn.Month == month);

            await Act("recurring", At(8, 25), (_, a) => a.CompleteCheckpoint(Due(a, 8), new DateOnly(2025, 8, 25), null, At(8, 25)));
            await Act("recurring", At(9, 28), (_, a) => a.CompleteCheckpoint(Due(a, 9), new DateOnly(2025, 9, 28), null, At(9, 28)));
            await Act("sent-back-after-deadline", At(9, 25), (_, a) => a.Submit(1, At(9, 25)));
            await Act("sent-back-after-deadline", At(10, 2), (_, a) => a.SendBack("佐证材料不全", At(10, 2)));
            await Act("completed-late", At(10, 3), (_, a) => a.Submit(1, At(10, 3)));
            await Act("completed-late", At(10, 5), (_, a) => a.Verify(At(10, 5)));
            await Act("report-on-time", At(9, 20), (db, a) => { a.RecordProgress(At(9, 20)); Report(db, a, "2025Q3", At(9, 20)); });
            await Act("completed-before-period-end", At(9, 10), (_, a) => a.Submit(1, At(9, 10)));
            await Act("completed-before-period-end", At(9, 20), (_, a) => a.Verify(At(9, 20)));
            await Act("monthly", At(9, 20), (db, a) => { a.RecordProgress(At(9, 20)); Report(db, a, "2025Q3", At(9, 20)); });
            await Act("supporting-alone", At(9, 10), (_, a) => a.Submit(1, At(9, 10)));
            await Act("supporting-alone", At(9, 20), (_, a) => a.Verify(At(9, 20)));

            clock.Now = At(10, 1);
            await using (var db = factory.CreateDbContext())
            {
                var region = await db.Regions.SingleAsync(r => r.Name == "孟津区" && r.Level == RegionLevel.County);
                var task = await db.Tasks.SingleAsync(t => t.Id == tasks["assigned-after-period"].Id);
                var unit = Unit.Department(region, UnitName("assigned-after-period"));
                db.Add(unit);
                assignments["assigned-after-period"] = task.Assign(unit, AssignmentRole.Lead);
                var late = new Plan(Key + "-late", "十月印发方案", null, null, new DateOnly(2025, 10, 1), 2025, region, "孟津区", "", new string('3', 64));
                var lateTask = new PlanTask(late, null, null, "1", "1", 1, "", "任务-issued-after-period", "issued-after-period的内容", 1,
                    [], [], TownshipScopeKind.None, [], null, false);
                var lateUnit = Unit.Department(region, UnitName("issued-after-period"));
                db.AddRange(late, lateTask, lateUnit);
                (tasks["issued-after-period"], assignments["issued-after-period"]) = (lateTask, lateTask.Assign(lateUnit, AssignmentRole.Lead));
                await db.SaveChangesAsync();
            }

            clock.Now = At(10, 15);
            await using (var db = factory.CreateDbContext())
            {
                db.Users.Add(new AppUser { Id = CalendarUser, UserName = CalendarUser, NormalizedUserName = CalendarUser.ToUpperInvariant(), DisplayName = "联络员" });
                foreach (var name in Expected.Keys) db.UserUnits.Add(new UserUnit { UserId = CalendarUser, UnitId = assignments[name].UnitId });
                await db.SaveChangesAsync();
            }

            foreach (var (name, a) in assignments) ids[name] = a.Id;
            foreach (var (name, t) in tasks) taskIds[name] = t.Id;
            return new EdgePlan { Host = host, Ids = ids, TaskIds = taskIds };
        }
    }
}
