using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Support;

/// <summary>A database of its own with the seed plans, for tests that change work, plus the actors of the authorisation matrix.</summary>
public sealed class WorkDatabase : IAsyncDisposable
{
    public required IHost Host { get; init; }
    public required TestClock Clock { get; init; }
    public required int MengjinRegionId { get; init; }
    public required int FgwUnitId { get; init; }
    public required int OtherUnitId { get; init; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public AppDbContext CreateDbContext() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private static readonly Dictionary<string, Task<WorkDatabase>> Shared = new();

    /// <summary>
    /// One database per test class, made on first use: xunit builds a class instance per test, and even copying the seeded
    /// template per test would add up. Tests in one class must therefore not depend on each other's leftovers.
    /// </summary>
    public static Task<WorkDatabase> ForClassAsync<TTestClass>(PostgresServer server)
    {
        lock (Shared)
        {
            var key = typeof(TTestClass).FullName!;
            if (!Shared.TryGetValue(key, out var database)) Shared[key] = database = CreateAsync(server);
            return database;
        }
    }

    /// <param name="configure">Settings or services a test class needs on top of the app's (e.g. a mail server).</param>
    public static async Task<WorkDatabase> CreateAsync(PostgresServer server, TestClock? clock = null,
        Action<HostApplicationBuilder>? configure = null)
    {
        clock ??= TestClock.At(2025, 10, 8);
        var host = TestServices.Build(await SeedTemplates.SeededCopyAsync(server, "work", clock), clock: clock, configure: configure);
        await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var mengjin = await db.Regions.SingleAsync(r => r.Name == "孟津区" && r.Level == RegionLevel.County);
        var fgw = await db.Units.SingleAsync(u => u.RegionId == mengjin.Id && u.Name == "区发展改革委");
        var other = await db.Units.SingleAsync(u => u.RegionId == mengjin.Id && u.Name == "区工信局");
        return new WorkDatabase { Host = host, Clock = clock, MengjinRegionId = mengjin.Id, FgwUnitId = fgw.Id, OtherUnitId = other.Id };
    }

    public async Task<UserContext> ActorAsync(string role, int? unitId = null, string? regionName = null)
    {
        var regionIds = new HashSet<int>();
        if (regionName is not null)
        {
            await using var db = CreateDbContext();
            var root = await db.Regions.Where(r => r.Name == regionName && (r.Level == RegionLevel.County || r.Level == RegionLevel.City))
                .Select(r => r.Id).SingleAsync();
            regionIds = await Get<RegionTree>().WithDescendantsAsync([root]);
        }
        return new UserContext($"test-{role}-{unitId}-{regionName}", role, $"{AppRoles.Title(role)}（测试）", new HashSet<string> { role },
            unitId is { } id ? new HashSet<int> { id } : new HashSet<int>(), regionIds);
    }

    private readonly HashSet<int> _handedOut = [];

    /// <summary>
    /// A department's assignment on a Mengjin task, with or without dated deadlines, that no other test of this
    /// database has been given, so tests sharing the database do not see each other's changes. Act as its unit's liaison.
    /// </summary>
    public async Task<Assignment> FreshAssignmentAsync(bool withDeadline)
    {
        await using var db = CreateDbContext();
        var candidates = await db.Assignments.AsNoTracking().Include(a => a.Task!).ThenInclude(t => t.Milestones)
            .Where(a => a.Task!.Plan!.RegionId == MengjinRegionId && a.Unit!.Kind == UnitKind.Department)
            .Where(a => withDeadline ? a.Task!.Milestones.Any() : !a.Task!.Milestones.Any())
            .OrderBy(a => a.Role).ThenBy(a => a.Task!.Order).ToListAsync();
        lock (_handedOut)
        {
            var fresh = candidates.FirstOrDefault(a => !_handedOut.Contains(a.Id))
                ?? throw new InvalidOperationException("孟津区没有更多未用过的责任分工可供测试");
            _handedOut.Add(fresh.Id);
            return fresh;
        }
    }

    /// <summary>The same assignment every time, for tests that reset its state themselves.</summary>
    public async Task<Assignment> FgwLeadAssignmentWithoutDeadlineAsync()
    {
        await using var db = CreateDbContext();
        return await db.Assignments.AsNoTracking().Include(a => a.Task!).ThenInclude(t => t.Milestones)
            .Where(a => a.UnitId == FgwUnitId && a.Role == AssignmentRole.Lead && !a.Task!.Milestones.Any())
            .OrderBy(a => a.Task!.Order).FirstAsync();
    }

    public async Task<uint> VersionAsync(int assignmentId)
    {
        await using var db = CreateDbContext();
        return await db.Assignments.Where(a => a.Id == assignmentId).Select(a => a.Version).SingleAsync();
    }

    public async Task<AssignmentStatus> StatusAsync(int assignmentId)
    {
        await using var db = CreateDbContext();
        return await db.Assignments.Where(a => a.Id == assignmentId).Select(a => a.Status).SingleAsync();
    }

    /// <summary>Puts evidence on record the way an upload would, so submission is possible.</summary>
    public async Task AddEvidenceAsync(int assignmentId)
    {
        await using var db = CreateDbContext();
        db.Evidence.Add(new Evidence(assignmentId, null, "验收报告.pdf", "application/pdf", 1234, new string('a', 64), "test", "测试", Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync()
    {
        Host.Dispose();
        return ValueTask.CompletedTask;
    }
}
