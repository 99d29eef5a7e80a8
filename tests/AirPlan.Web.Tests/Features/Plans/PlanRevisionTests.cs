using System.Text;
using System.Text.RegularExpressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Plans;
using AirPlan.Web.Features.Plans.Import.Review;
using AirPlan.Web.Features.Plans.Revision;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Plans;

/// <summary>导入修订版: a revised Mengjin plan replaces the running one without losing its work (ADR 027).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PlanRevisionTests(PostgresServer server)
{
    private const string Plan = "mengjin-2024";

    private Task<WorkDatabase> DatabaseAsync() => WorkDatabase.ForClassAsync<PlanRevisionTests>(server);

    private static async Task<UserContext> AccountAsync(WorkDatabase db, string name, string role, int? unitId = null, string? region = "孟津区")
    {
        var actor = await db.ActorAsync(role, unitId, region) with { UserId = $"revision-{name}", UserName = $"revision-{name}" };
        await using var context = db.CreateDbContext();
        if (!await context.Users.AnyAsync(u => u.Id == actor.UserId))
        {
            context.Users.Add(new AppUser { Id = actor.UserId, UserName = actor.UserName, NormalizedUserName = actor.UserName.ToUpperInvariant(), DisplayName = $"修订{name}" });
            await context.SaveChangesAsync();
        }
        return actor;
    }

    /// <summary>
    /// The seed as a county would revise it: task 4 reworded, task 3 removed (so 4…34 move up a number), task 9's lead unit
    /// changed, task 5's target year moved, and a new task after the last one.
    /// </summary>
    internal static async Task<(MemoryStream Content, long Size)> RevisedAsync()
    {
        var lines = (await File.ReadAllTextAsync(RepoPaths.Seed(Plan))).Replace("\r\n", "\n").Split('\n').ToList();
        int At(string start) => lines.FindIndex(l => l.StartsWith(start, StringComparison.Ordinal));
        var nine = At("9．加强散煤监管");
        var lead = lines.FindIndex(nine, l => l.StartsWith("牵头单位：", StringComparison.Ordinal));
        lines[lead] = "牵头单位：区城市管理局";
        var five = At("5．大力发展清洁能源");
        var year = lines.FindIndex(five, l => l.Contains("到 2025年，可再生能源"));
        lines[year] = lines[year].Replace("到 2025年，", "到 2026年6月底前，");
        var four = At("4．加快壮大绿色环保产业");
        var phrase = lines.FindIndex(four, l => l.Contains("鼓励环境污染第三方治理"));
        lines[phrase] = lines[phrase].Replace("鼓励环境污染第三方治理", "大力推行环境污染第三方治理和环保管家服务");
        var end = At(" 四、保障措施");
        lines.InsertRange(end, [
            "35．推进道路积尘负荷走航监测。每月对城市建成区主次干道开展道路积尘负荷走航监测，监测结果纳入城市管理考核通报，",
            "",
            "2025年12月底前实现城市建成区主次干道走航监测全覆盖。",
            "",
            "牵头单位：区城市管理局",
            "",
            "责任单位：区交通运输局、市生态环境局孟津分局",
            ""]);
        var three = At("3．开展传统产业集群升级改造");
        lines.RemoveRange(three, At("4．加快壮大绿色环保产业") - three);
        var renumbered = lines.Select(l => Regex.Replace(l, @"^(\d+)．", m => int.Parse(m.Groups[1].Value) is var n and > 3 ? $"{n - 1}．" : m.Value));
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', renumbered));
        return (new MemoryStream(bytes), bytes.Length);
    }

    private static async Task<PlanTask> TaskAsync(AppDbContext db, string title) =>
        await db.Tasks.Include(t => t.Assignments).ThenInclude(a => a.Unit).Include(t => t.Milestones)
            .SingleAsync(t => t.Plan!.Key == Plan && t.ParentId == null && t.Title == title);

    /// <summary>A report, an evidence file and (optionally) 提交 + 核验通过 on a unit's assignment, as a liaison and coordinator would.</summary>
    private static async Task<int> WorkOnAsync(WorkDatabase database, string taskTitle, string unit, bool verify)
    {
        await using var db = database.CreateDbContext();
        var task = await TaskAsync(db, taskTitle);
        var assignment = task.Assignments.Single(a => a.Unit!.Name == unit && !a.IsClosed);
        var now = database.Clock.GetUtcNow();
        assignment.RecordProgress(now);
        var report = new ProgressReport(assignment, "2025Q3", "已完成阶段性工作", null, null, 80, "u", "联络员", now);
        db.ProgressReports.Add(report);
        await db.SaveChangesAsync();
        db.Evidence.Add(new AirPlan.Core.Domain.Evidence(assignment.Id, report.Id, "现场照片.jpg", "image/jpeg", 1024, new string('a', 64), "u", "联络员", now));
        if (verify)
        {
            assignment.Submit(1, now);
            assignment.Verify(now);
            db.Reviews.Add(new Review(assignment.Id, ReviewOutcome.Accepted, null, "c", "督办员", now));
        }
        await db.SaveChangesAsync();
        return assignment.Id;
    }

    [Fact]
    public async Task ARevisedPlanKeepsTheWorkOfContinuingTasksClosesWhatItRemovesAndAddsWhatIsNew()
    {
        var database = await DatabaseAsync();
        var coordinator = await AccountAsync(database, "coordinator", AppRoles.Coordinator);
        var continuing = await WorkOnAsync(database, "加快壮大绿色环保产业", "区发展改革委", verify: true);
        var unchanged = await WorkOnAsync(database, "持续优化调整货物运输结构", "区交通运输局", verify: true);
        var removed = await WorkOnAsync(database, "开展传统产业集群升级改造", "区工信局", verify: false);
        var leadTakenOff = await WorkOnAsync(database, "加强散煤监管", "区市场监管局", verify: false);
        var scope = new TaskFilter { Plan = Plan };
        var tasksBefore = (await database.Get<RollupQueries>().TotalsAsync(coordinator, scope)).Tasks.Tasks;

        var (content, size) = await RevisedAsync();
        var draft = await database.Get<PlanImportReviewService>().StartRevisionAsync(coordinator, Plan, "孟津区实施方案（修订版）.txt", content, size);
        Assert.True(draft.Review.IsRevision);
        var revisions = database.Get<PlanRevisionService>();
        var view = await revisions.DiffAsync(coordinator, draft.Id);

        // Exactly the five changes, matched across the renumbering (35 → 34 is new, not task 34's rewording).
        var diff = view.Diff;
        Assert.Equal(1, diff.Count(RevisionChangeKind.Added));
        Assert.Equal(1, diff.Count(RevisionChangeKind.Removed));
        Assert.Equal(1, diff.Count(RevisionChangeKind.Reworded));
        Assert.Equal(1, diff.Count(RevisionChangeKind.UnitsChanged));
        Assert.Equal(1, diff.Count(RevisionChangeKind.DeadlinesChanged));
        Assert.Equal(0, diff.Count(RevisionChangeKind.ScopeChanged));
        Assert.Equal(5, diff.Changes.Count);
        Assert.Equal("推进道路积尘负荷走航监测", diff.Added.Single().Title);
        Assert.Equal("开展传统产业集群升级改造", diff.Removed.Single().Title);
        var reworded = diff.Changes.Single(c => c.Kind == RevisionChangeKind.Reworded);
        Assert.Equal(("4", "3"), (reworded.Old!.Number, reworded.New!.Number));
        Assert.Contains("环保管家服务", reworded.Is);
        var units = diff.Changes.Single(c => c.Kind == RevisionChangeKind.UnitsChanged);
        Assert.StartsWith("牵头：区市场监管局", units.Was);
        Assert.StartsWith("牵头：区城市管理局", units.Is);
        var deadline = diff.Changes.Single(c => c.Kind == RevisionChangeKind.DeadlinesChanged);
        Assert.Equal(("2025年12月31日", "2026年6月30日"), (deadline.Was, deadline.Is));
        Assert.Equal(33, diff.Matches.Count);
        Assert.Equal(Enumerable.Range(4, 31).Select(n => $"三-{n} → 三-{n - 1}"),
            diff.Matches.Where(m => m.Renumbered).Select(m => $"{m.Old.Path} → {m.New.Path}"));

        // Someone edits the plan after the diff was shown: confirming recomputes instead of applying it.
        await using (var db = database.CreateDbContext())
        {
            var first = await TaskAsync(db, "坚决遏制“两高”项目盲目发展");
            await database.Get<TaskEditService>().EditAsync(coordinator, first.Id, first.Version, first.Title, first.Text.Replace("实施动态监管", "实施动态监管和定期通报"), first.IsContinuous);
        }
        var stale = await revisions.ApplyAsync(coordinator, view.DraftId, view.DraftVersion, view.Basis);
        Assert.False(stale.Applied);
        Assert.NotEqual(view.Basis, stale.Diff.Basis);
        Assert.Equal(2, stale.Diff.Diff.Count(RevisionChangeKind.Reworded));
        await using (var db = database.CreateDbContext())
            Assert.Equal(1, (await db.Plans.SingleAsync(p => p.Key == Plan)).Revision);

        var applied = await revisions.ApplyAsync(coordinator, stale.Diff.DraftId, stale.Diff.DraftVersion, stale.Diff.Basis);

        Assert.True(applied.Applied);
        await using var check = database.CreateDbContext();
        var plan = await check.Plans.Include(p => p.Versions).SingleAsync(p => p.Key == Plan);
        Assert.Equal((2, "孟津区实施方案（修订版）.txt"), (plan.Revision, plan.SourceFileName));
        Assert.Equal(new DateOnly(2025, 10, 8), plan.RevisedOn);
        Assert.Contains("鼓励环境污染第三方治理", Assert.Single(plan.Versions).SourceText);
        // Continuing assignments: the same rows with their report, evidence, review and status.
        foreach (var id in new[] { continuing, unchanged })
        {
            var row = await check.Assignments.SingleAsync(a => a.Id == id);
            Assert.Equal((AssignmentStatus.Completed, (DateTimeOffset?)null), (row.Status, row.ClosedAt));
            Assert.Equal(1, await check.ProgressReports.CountAsync(r => r.AssignmentId == id));
            Assert.Equal(1, await check.Evidence.CountAsync(e => e.AssignmentId == id));
            Assert.Equal(1, await check.Reviews.CountAsync(r => r.AssignmentId == id));
        }
        var rewordedTask = await TaskAsync(check, "加快壮大绿色环保产业");
        Assert.Equal("3", rewordedTask.Number);
        Assert.Contains("环保管家服务", rewordedTask.Text);
        Assert.Contains(rewordedTask.Assignments, a => a.Id == continuing);
        // The removed task's and the replaced lead's rows are 已撤销, their reports still there.
        foreach (var id in new[] { removed, leadTakenOff })
        {
            var row = await check.Assignments.SingleAsync(a => a.Id == id);
            Assert.NotNull(row.ClosedAt);
            Assert.Equal(1, await check.ProgressReports.CountAsync(r => r.AssignmentId == id));
        }
        var withdrawn = await TaskAsync(check, "开展传统产业集群升级改造");
        Assert.True(withdrawn.IsWithdrawn);
        Assert.All(withdrawn.Assignments, a => Assert.True(a.IsClosed));
        var withdrawnPage = await database.Get<TaskPageQueries>().GetAsync(coordinator, Plan, withdrawn.Id);
        Assert.NotNull(withdrawnPage!.Task.WithdrawnAt);
        Assert.Single(withdrawnPage.Reports);
        var coal = await TaskAsync(check, "加强散煤监管");
        Assert.Equal("8", coal.Number);
        Assert.Contains(coal.Assignments, a => a is { Role: AssignmentRole.Lead, IsClosed: false } && a.Unit!.Name == "区城市管理局");
        Assert.Equal([new DateOnly(2026, 6, 30)], (await TaskAsync(check, "大力发展清洁能源")).Milestones.Select(m => m.DueOn));
        var added = await TaskAsync(check, "推进道路积尘负荷走航监测");
        Assert.Equal("34", added.Number);
        Assert.Contains(added.Assignments, a => a is { Role: AssignmentRole.Lead } && a.Unit!.Name == "区城市管理局");
        // The one status engine follows: closed rows have no verdict, new ones do; the plan still counts 34 tasks.
        var engine = database.Get<StatusEngine>();
        Assert.Empty(await engine.JudgeAsync(check, [removed, leadTakenOff]));
        Assert.Equal(added.Assignments.Count, (await engine.JudgeAsync(check, added.Assignments.Select(a => a.Id).ToList())).Count);
        Assert.Equal(AssignmentStatus.Completed, (await engine.JudgeAsync(check, [continuing]))[continuing].Status);
        Assert.Equal(tasksBefore, (await database.Get<RollupQueries>().TotalsAsync(coordinator, scope)).Tasks.Tasks);
        var table = await database.Get<PlanQueries>().ListTasksAsync(coordinator, Plan);
        Assert.Equal(34, table.Count);
        Assert.DoesNotContain(table, t => t.Title == "开展传统产业集群升级改造");
        Assert.Equal(["区城市管理局"], table.Single(t => t.Id == coal.Id).LeadUnits);
        var header = await database.Get<PlanQueries>().GetPlanAsync(coordinator, Plan);
        Assert.Equal("第2版（2025年10月修订）", header!.RevisionText);
        // History: one row for the plan, one per changed task.
        var rows = await check.AuditEntries.Where(a => a.Action == PlanRevisionService.ReviseAction || a.Action == PlanRevisionService.TaskReviseAction).ToListAsync();
        var summary = Assert.Single(rows, r => r.Action == PlanRevisionService.ReviseAction);
        Assert.Contains("第2版", summary.Summary);
        Assert.Contains("新增任务 1 项", summary.Summary);
        Assert.Equal(
            new[] { withdrawn.Id, rewordedTask.Id, coal.Id, added.Id, (await TaskAsync(check, "大力发展清洁能源")).Id,
                (await TaskAsync(check, "坚决遏制“两高”项目盲目发展")).Id }.Order(),
            rows.Where(r => r.Action == PlanRevisionService.TaskReviseAction).Select(r => r.TaskId!.Value).Order());
        Assert.False(await check.PlanImportDrafts.AnyAsync(d => d.UserId == coordinator.UserId));
    }

    [Fact]
    public async Task OnlyThePlanRegionsCoordinatorsAndAdminsMayImportARevision()
    {
        var database = await DatabaseAsync();
        var liaison = await AccountAsync(database, "liaison", AppRoles.Liaison, database.FgwUnitId);
        var elsewhere = await AccountAsync(database, "elsewhere", AppRoles.Coordinator, region: "伊川县");
        var reviews = database.Get<PlanImportReviewService>();

        foreach (var actor in new[] { liaison, elsewhere })
        {
            var (content, size) = await RevisedAsync();
            await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.StartRevisionAsync(actor, Plan, "修订版.txt", content, size));
        }
        await using var db = database.CreateDbContext();
        Assert.False(await db.PlanImportDrafts.AnyAsync(d => d.UserId == liaison.UserId || d.UserId == elsewhere.UserId));
    }
}
