using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Features.Dashboard;

/// <summary>
/// A tiny plan with hand-countable history, in a database of its own (no seed plans). Created 2025-07-01; "today" is 2025-10-15.
/// <code>
/// task1 (完成时限 2025-09-30): A1 部门甲 牵头 · A2 部门乙 配合 · A3 乡镇一 落实 · A4 乡镇二 落实
/// task2 (2025-08-31, 2025-11-10): A5 部门乙 牵头 · A6 乡镇一 落实
/// task3 (持续推进, no deadline): A7 部门甲 牵头 · A8 乡镇二 落实 (assigned 2025-10-01, owed from the issue date like the rest)
/// 08-15 A1 推进中 + 2025Q3 report · 08-20 A6 checkpoint 08-31 (推进中) · 09-01 A7 持续推进 · 09-20 A3 submitted, 09-25 verified
/// 10-05 A5 submitted · 10-10 A4 推进中 + late 2025Q3 report
/// </code>
/// </summary>
public sealed class SmallPlan : IAsyncDisposable
{
    public const string PlanKey = "dash-test";
    public static readonly DateOnly Today = new(2025, 10, 15);

    public required IHost Host { get; init; }
    public required TestClock Clock { get; init; }
    public required IReadOnlyDictionary<string, int> Ids { get; init; }
    public required int DeptA { get; init; }
    public required int DeptB { get; init; }
    public required int Township1 { get; init; }
    public required int Township2 { get; init; }
    public required int RegionId { get; init; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();
    public AppDbContext CreateDbContext() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public int Id(string name) => Ids[name];
    public HashSet<int> IdsOf(params string[] names) => names.Select(n => Ids[n]).ToHashSet();

    public static readonly UserContext Admin = new("admin", "admin", "管理员", new HashSet<string> { AppRoles.Admin },
        new HashSet<int>(), new HashSet<int>());

    public UserContext LeaderOf(int regionId) => new("leader", "leader", "领导", new HashSet<string> { AppRoles.Leader },
        new HashSet<int>(), new HashSet<int> { regionId });

    private static readonly Dictionary<string, Task<SmallPlan>> Shared = new();

    public static Task<SmallPlan> ForClassAsync<T>(PostgresServer server)
    {
        lock (Shared)
        {
            var key = typeof(T).FullName!;
            if (!Shared.TryGetValue(key, out var plan)) Shared[key] = plan = CreateAsync(server);
            return plan;
        }
    }

    private static DateTimeOffset At(int month, int day) => new DateTimeOffset(2025, month, day, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();

    public static async Task<SmallPlan> CreateAsync(PostgresServer server)
    {
        var clock = new TestClock(At(7, 1));
        var host = TestServices.Build(await SeedTemplates.RegionsCopyAsync(server, "dash"), clock: clock);
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

        var ids = new Dictionary<string, int>();
        int regionId, deptA, deptB, town1, town2;
        await using (var db = factory.CreateDbContext())
        {
            var region = await db.Regions.SingleAsync(r => r.Name == "孟津区" && r.Level == RegionLevel.County);
            var towns = await db.Regions.Where(r => r.ParentId == region.Id).OrderBy(r => r.Code).Take(2).ToListAsync();
            var plan = new Plan(PlanKey, "测试方案", null, null, new DateOnly(2025, 7, 1), 2025, region, "孟津区", "", new string('0', 64));
            var a = Unit.Department(region, "测试部门甲");
            var b = Unit.Department(region, "测试部门乙");
            var t1 = Unit.Township(region, towns[0]);
            var t2 = Unit.Township(region, towns[1]);
            var task1 = Task(plan, 1, false);
            task1.AddMilestone(new DateOnly(2025, 9, 30), "2025年9月底前");
            var task2 = Task(plan, 2, false);
            task2.AddMilestone(new DateOnly(2025, 8, 31), "2025年8月底前");
            task2.AddMilestone(new DateOnly(2025, 11, 10), "2025年11月10日前");
            var task3 = Task(plan, 3, true);
            var assignments = new Dictionary<string, Assignment>
            {
                ["A1"] = task1.Assign(a, AssignmentRole.Lead),
                ["A2"] = task1.Assign(b, AssignmentRole.Supporting),
                ["A3"] = task1.Assign(t1, AssignmentRole.Implementing),
                ["A4"] = task1.Assign(t2, AssignmentRole.Implementing),
                ["A5"] = task2.Assign(b, AssignmentRole.Lead),
                ["A6"] = task2.Assign(t1, AssignmentRole.Implementing),
                ["A7"] = task3.Assign(a, AssignmentRole.Lead),
            };
            db.AddRange(plan, a, b, t1, t2, task1, task2, task3);
            await db.SaveChangesAsync();
            foreach (var (name, assignment) in assignments) ids[name] = assignment.Id;
            (regionId, deptA, deptB, town1, town2) = (region.Id, a.Id, b.Id, towns[0].Id, towns[1].Id);
        }

        async Task Act(string name, DateTimeOffset when, Action<AppDbContext, Assignment> action)
        {
            clock.Now = when;
            await using var db = factory.CreateDbContext();
            var assignment = await db.Assignments.Include(x => x.Task!).ThenInclude(t => t.Milestones).SingleAsync(x => x.Id == ids[name]);
            action(db, assignment);
            await db.SaveChangesAsync();
        }

        void Report(AppDbContext db, Assignment a, string period, DateTimeOffset when) =>
            db.ProgressReports.Add(new ProgressReport(a, period, "按计划推进", null, null, null, "u", "联络员", when));

        await Act("A1", At(8, 15), (db, a) => { a.RecordProgress(At(8, 15)); Report(db, a, "2025Q3", At(8, 15)); });
        await Act("A6", At(8, 20), (_, a) => a.CompleteCheckpoint(a.Task!.Milestones.Single(m => m.DueOn.Month == 8), new DateOnly(2025, 8, 20), null, At(8, 20)));
        await Act("A7", At(9, 1), (_, a) => a.MarkContinuous(At(9, 1)));
        await Act("A3", At(9, 20), (_, a) => a.Submit(1, At(9, 20)));
        await Act("A3", At(9, 25), (_, a) => a.Verify(At(9, 25)));

        clock.Now = At(10, 1);
        await using (var db = factory.CreateDbContext())
        {
            var task3 = await db.Tasks.Include(t => t.Assignments).SingleAsync(t => t.Plan!.Key == PlanKey && t.Order == 3);
            var t2 = await db.Units.SingleAsync(u => u.Id != 0 && u.TownshipRegionId == town2);
            var a8 = task3.Assign(t2, AssignmentRole.Implementing);
            await db.SaveChangesAsync();
            ids["A8"] = a8.Id;
        }

        await Act("A5", At(10, 5), (_, a) => a.Submit(1, At(10, 5)));
        await Act("A4", At(10, 10), (db, a) => { a.RecordProgress(At(10, 10)); Report(db, a, "2025Q3", At(10, 10)); });

        clock.Now = At(10, 15);
        return new SmallPlan
        {
            Host = host, Clock = clock, Ids = ids, DeptA = deptA, DeptB = deptB, Township1 = town1, Township2 = town2, RegionId = regionId,
        };

        static PlanTask Task(Plan plan, int n, bool continuous) => new(plan, null, null, n.ToString(), n.ToString(), n, "", $"任务{n}",
            $"任务{n}的内容", n, [], [], TownshipScopeKind.None, [], null, continuous);
    }

    public ValueTask DisposeAsync()
    {
        Host.Dispose();
        return ValueTask.CompletedTask;
    }
}
