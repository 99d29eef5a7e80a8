using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Plans;

[Collection(PostgresCollection.Name)]
public sealed class PlanImporterTests(PostgresServer server) : IAsyncLifetime
{
    private SeededDatabase _db = default!;

    public async Task InitializeAsync() => _db = await SeededDatabase.GetAsync(server);

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Seeds => new(RepoPaths.SeedKeys);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task EverySeedImportsWithTheParsersTaskUnitAssignmentAndMilestoneCounts(string key)
    {
        var parsed = PlanParser.Parse(await File.ReadAllTextAsync(RepoPaths.Seed(key)));
        await using var db = _db.CreateDbContext();
        var plan = await db.Plans.Include(p => p.Region).SingleAsync(p => p.Key == key);
        var subordinates = await RegionResolver.SubordinatesAsync(db, plan.Region!, CancellationToken.None);

        var expectedAssignments = parsed.Tasks.Sum(t =>
            t.Lead.Distinct().Count() + t.Supporting.Except(t.Lead).Distinct().Count() + ExpectedTownships(t, subordinates.Count));
        var expectedMilestones = parsed.Tasks.Sum(t => t.Deadlines.DistinctBy(d => d.Date).Count());
        var parsedUnitNames = parsed.Units.Select(u => u.Name).ToHashSet();

        Assert.Equal(parsed.Tasks.Count, await db.Tasks.CountAsync(t => t.PlanId == plan.Id && t.ParentId == null));
        Assert.Equal(parsed.Tasks.Sum(t => t.Subitems.Count), await db.Tasks.CountAsync(t => t.PlanId == plan.Id && t.ParentId != null));
        Assert.Equal(expectedAssignments, await db.Assignments.CountAsync(a => a.Task!.PlanId == plan.Id));
        Assert.Equal(expectedMilestones, await db.Milestones.CountAsync(m => m.Task!.PlanId == plan.Id));
        Assert.Equal(parsedUnitNames.Count, await db.Units.CountAsync(u =>
            u.RegionId == plan.RegionId && u.Kind == UnitKind.Department && parsedUnitNames.Contains(u.Name)));
    }

    [Fact]
    public async Task ImportingTheSameDocumentAgainChangesNothing()
    {
        var text = await File.ReadAllTextAsync(RepoPaths.Seed("mengjin-2024"));
        var before = await RowCountsAsync();

        var result = await _db.Get<PlanImporter>().ImportAsync("mengjin-again", text);

        Assert.Equal(PlanImportOutcome.AlreadyImported, result.Outcome);
        Assert.Equal("mengjin-2024", result.PlanKey);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task ADocumentWithNoTasksImportsNothingAndSaysWhy()
    {
        var before = await RowCountsAsync();

        var result = await _db.Get<PlanImporter>().ImportAsync("broken-doc", "孟津区人民政府办公室\n关于做好某项工作的通知\n请各单位认真贯彻执行。\n");

        Assert.Equal(PlanImportOutcome.Failed, result.Outcome);
        Assert.NotEmpty(result.Errors);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task BinaryGarbageImportsNothing()
    {
        var before = await RowCountsAsync();
        var garbage = new string(Enumerable.Range(0, 2000).Select(i => (char)((i * 7919) % 0xD000)).ToArray());

        var result = await _db.Get<PlanImporter>().ImportAsync("garbage", garbage);

        Assert.Equal(PlanImportOutcome.Failed, result.Outcome);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task AnInvalidKeyIsRefusedBeforeAnythingIsRead()
    {
        var result = await _db.Get<PlanImporter>().ImportAsync("孟津 方案", "任意内容");

        Assert.Equal(PlanImportOutcome.Failed, result.Outcome);
        Assert.Contains("方案标识", result.Errors[0].Message);
    }

    [Fact]
    public async Task EveryAllTownshipsTaskInMengjinHasOneImplementingAssignmentPerTownshipAndZone()
    {
        await using var db = _db.CreateDbContext();
        var mengjin = await db.Regions.SingleAsync(r => r.Name == "孟津区");
        var townships = await db.Regions.CountAsync(r => r.ParentId == mengjin.Id);
        var perTask = await db.Tasks
            .Where(t => t.Plan!.Key == "mengjin-2024" && t.ParentId == null && t.TownshipScope == TownshipScopeKind.All)
            .Select(t => new
            {
                t.Number,
                Implementing = t.Assignments.Count(a => a.Role == AssignmentRole.Implementing),
                Distinct = t.Assignments.Where(a => a.Role == AssignmentRole.Implementing).Select(a => a.Unit!.TownshipRegionId).Distinct().Count(),
            })
            .ToListAsync();

        Assert.NotEmpty(perTask);
        Assert.All(perTask, t => Assert.Equal(townships, t.Implementing));
        Assert.All(perTask, t => Assert.Equal(townships, t.Distinct));
    }

    [Fact]
    public async Task TownshipUnitsAreTiedToTheirRegionRow()
    {
        await using var db = _db.CreateDbContext();
        var chengguan = await db.Units.Include(u => u.TownshipRegion)
            .SingleAsync(u => u.Name == "城关镇" && u.Region!.Name == "孟津区");

        Assert.Equal(UnitKind.Township, chengguan.Kind);
        Assert.Equal("410308100", chengguan.TownshipRegion!.Code);
    }

    [Fact]
    public async Task JiyuanPlanIsFiledUnderJiyuanCity()
    {
        await using var db = _db.CreateDbContext();
        var plan = await db.Plans.Include(p => p.Region).SingleAsync(p => p.Key == "jiyuan-2024");

        Assert.Equal("济源市", plan.Region!.Name);
    }

    private async Task<(int Plans, int Tasks, int Units, int Assignments, int Milestones)> RowCountsAsync()
    {
        await using var db = _db.CreateDbContext();
        return (await db.Plans.CountAsync(), await db.Tasks.CountAsync(), await db.Units.CountAsync(),
            await db.Assignments.CountAsync(), await db.Milestones.CountAsync());
    }

    private static int ExpectedTownships(ParsedTask task, int subordinateCount)
    {
        var scopes = task.Subitems.Select(s => s.Townships).Prepend(task.Townships).ToList();
        if (scopes.Any(s => s.Kind == TownshipScopeKind.All)) return subordinateCount;
        return scopes.SelectMany(s => s.Names).Distinct().Count();
    }
}
