using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Chasing.Notices;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>
/// A seeded database of its own per test class (with the demo accounts: coordinator, leader, liaison-fgw), a file store in a
/// temporary folder and a clock on 2025年10月8日, when much of 孟津区's plan is overdue.
/// </summary>
public sealed class ChasingDatabase
{
    public required IHost Host { get; init; }
    public required TestClock Clock { get; init; }
    public required int MengjinRegionId { get; init; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public AppDbContext CreateDbContext() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public NoticeService Notices => Get<NoticeService>();

    private static readonly Dictionary<string, Task<ChasingDatabase>> Shared = new();

    public static Task<ChasingDatabase> ForClassAsync<TTestClass>(PostgresServer server)
    {
        lock (Shared)
        {
            var key = typeof(TTestClass).FullName!;
            if (!Shared.TryGetValue(key, out var database)) Shared[key] = database = CreateAsync(server, key);
            return database;
        }
    }

    private static async Task<ChasingDatabase> CreateAsync(PostgresServer server, string key)
    {
        var clock = TestClock.At(2025, 10, 8);
        var storeRoot = Path.Combine(Path.GetTempPath(), "airplan-notices-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(storeRoot)) Directory.Delete(storeRoot, recursive: true);
        };
        var host = TestServices.Build(await SeedTemplates.SeededCopyAsync(server, "chasing", clock), clock: clock,
            configure: b => b.Configuration["AirPlan:Evidence:StoragePath"] = storeRoot);
        await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var mengjin = await db.Regions.SingleAsync(r => r.Name == "孟津区" && r.Level == RegionLevel.County);
        return new ChasingDatabase { Host = host, Clock = clock, MengjinRegionId = mengjin.Id };
    }

    /// <summary>
    /// A real account as the app loads it (roles, units, regions), made on first use: the 孟津区 coordinator and leader of the
    /// demo (the seeded template, made in Production, has no demo accounts), or a liaison of a unit. Messages need real accounts.
    /// </summary>
    public async Task<UserContext> AccountAsync(string userName) => userName switch
    {
        "coordinator" => await EnsureAccountAsync(userName, "督办员", AppRoles.Coordinator, MengjinRegionId, null),
        "leader" => await EnsureAccountAsync(userName, "领导", AppRoles.Leader, MengjinRegionId, null),
        _ => throw new ArgumentOutOfRangeException(nameof(userName)),
    };

    /// <summary>A liaison account of the unit, so messages to the unit's liaisons have a recipient.</summary>
    public Task<UserContext> LiaisonOfAsync(int unitId) => EnsureAccountAsync($"notice-liaison-{unitId}", $"联络员{unitId}", AppRoles.Liaison, null, unitId);

    private static readonly SemaphoreSlim AccountGate = new(1, 1);

    private async Task<UserContext> EnsureAccountAsync(string userName, string displayName, string role, int? regionId, int? unitId)
    {
        string id;
        await AccountGate.WaitAsync();
        try
        {
            using var scope = Host.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                if (!await roles.RoleExistsAsync(role)) Assert.True((await roles.CreateAsync(new IdentityRole(role))).Succeeded);
                user = new AppUser { UserName = userName, DisplayName = displayName };
                Assert.True((await users.CreateAsync(user)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
                await using var db = CreateDbContext();
                if (regionId is { } r) db.UserRegions.Add(new UserRegion { UserId = user.Id, RegionId = r });
                if (unitId is { } u) db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = u });
                await db.SaveChangesAsync();
            }
            id = user.Id;
        }
        finally
        {
            AccountGate.Release();
        }
        return await Get<UserContextLoader>().LoadAsync(id);
    }

    /// <summary>A test actor of a region that is no account (messages to it are not possible, which nothing here needs).</summary>
    public async Task<UserContext> ActorAsync(string role, string regionName)
    {
        await using var db = CreateDbContext();
        var root = await db.Regions.Where(r => r.Name == regionName && (r.Level == RegionLevel.County || r.Level == RegionLevel.City))
            .Select(r => r.Id).SingleAsync();
        return new UserContext($"test-{role}-{regionName}", role, $"{AppRoles.Title(role)}（测试）", new HashSet<string> { role },
            new HashSet<int>(), await Get<RegionTree>().WithDescendantsAsync([root]));
    }

    /// <summary>Overdue assignments the coordinator may issue for that have no open notice, in the candidates' order.</summary>
    public async Task<IReadOnlyList<NoticeCandidate>> FreeCandidatesAsync(UserContext coordinator, int count)
    {
        var free = (await Notices.CandidatesAsync(coordinator)).Where(c => c.OpenNotice is null).Take(count).ToList();
        Assert.Equal(count, free.Count);
        return free;
    }

    public NoticeInput InputFor(params int[] assignmentIds) =>
        new(assignmentIds, DateOnly.FromDateTime(Clock.Now.DateTime).AddDays(15), DateOnly.FromDateTime(Clock.Now.DateTime).AddDays(7),
            NoticeService.DefaultRequirements);
}
