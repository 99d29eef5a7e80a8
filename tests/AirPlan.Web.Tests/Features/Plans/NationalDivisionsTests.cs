using System.IO.Compression;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Plans.Import.Review;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Features.Plans;

/// <summary>
/// 全国行政区划: the upper levels at first start, a county's townships when its plan comes in, and plans from any province
/// resolving to their county. One database (a copy of the regions template, i.e. a first start) for the class.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NationalDivisionsTests(PostgresServer server) : IAsyncLifetime
{
    private static Task<IHost>? _shared;
    private IHost _host = default!;

    public async Task InitializeAsync()
    {
        lock (typeof(NationalDivisionsTests)) _shared ??= CreateAsync(server);
        _host = await _shared;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<IHost> CreateAsync(PostgresServer server) =>
        TestServices.Build(await SeedTemplates.RegionsCopyAsync(server, "national"));

    private AppDbContext CreateDbContext() => _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private static readonly Lazy<List<DivisionRow>> File = new(() =>
    {
        using var gzip = new GZipStream(System.IO.File.OpenRead(Path.Combine(RepoPaths.Seeds, SeedFiles.DivisionsFile)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return DivisionList.Read(reader).ToList();
    });

    [Fact]
    public async Task TheFirstStartLoadsEveryProvinceCityAndCountyButNoTownshipsOutsideHenan()
    {
        await using var db = CreateDbContext();

        Assert.Equal(31, await db.Regions.CountAsync(r => r.Level == RegionLevel.Province));
        Assert.Equal(339, await db.Regions.CountAsync(r => r.Level == RegionLevel.City));
        Assert.Equal(2978, await db.Regions.CountAsync(r => r.Level == RegionLevel.County));
        var yuhang = await db.Regions.SingleAsync(r => r.Code == "330110");
        Assert.Equal("余杭区", yuhang.Name);
        Assert.False(await db.Regions.AnyAsync(r => r.ParentId == yuhang.Id));
    }

    [Fact]
    public async Task LoadingAgainAddsNothing()
    {
        var divisions = _host.Services.GetRequiredService<NationalDivisions>();
        await using var db = CreateDbContext();
        var xihu = await db.Regions.SingleAsync(r => r.Code == "330106");

        var first = await divisions.EnsureTownshipsAsync(db, xihu);
        var count = await db.Regions.CountAsync();

        Assert.Equal(File.Value.Count(r => r.ParentCode == "330106"), first);
        Assert.Equal(0, await divisions.LoadUpperLevelsAsync(db));
        Assert.Equal(0, await divisions.EnsureTownshipsAsync(db, xihu));
        Assert.Equal(0, await divisions.LoadTownshipsOfProvinceAsync(db, "41"));
        Assert.Equal(count, await db.Regions.CountAsync());
    }

    [Fact]
    public async Task ADatabaseHoldingOnlyTheEarlierHenanListGainsTheOtherProvincesWithoutDuplicatesAndKeepsItsRows()
    {
        // A database of its own: it is cut back to what earlier versions loaded (Henan, all levels) and started again.
        using var host = TestServices.Build(await SeedTemplates.RegionsCopyAsync(server, "henan-only"));
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // Children before parents (the parent link is RESTRICT): townships, counties, cities, provinces.
            foreach (var level in new[] { "Subdistrict", "Township", "Other", "County", "City", "Province" })
                await db.Database.ExecuteSqlAsync($"DELETE FROM regions WHERE level = {level} AND code NOT LIKE '41%'");
            Assert.Equal(2786, await db.Regions.CountAsync());
        }
        int mengjinId;
        await using (var db = await factory.CreateDbContextAsync())
            mengjinId = await db.Regions.Where(r => r.Code == "410308").Select(r => r.Id).SingleAsync();

        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(importSeedPlans: false);

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.Equal(2786 - 200 + 3348, await db.Regions.CountAsync());
            Assert.Equal(await db.Regions.CountAsync(), await db.Regions.Select(r => r.Code).Distinct().CountAsync());
            Assert.Equal(mengjinId, await db.Regions.Where(r => r.Code == "410308").Select(r => r.Id).SingleAsync());
            var shanghai = await db.Regions.Include(r => r.Parent).SingleAsync(r => r.Code == "310100");
            Assert.Equal(("市辖区", "上海市"), (shanghai.Name, shanghai.Parent!.Name));
        }
    }

    public static TheoryData<string, string> Titles => new()
    {
        { "杭州市临安区空气质量持续改善行动方案", "330112" },
        { "四川省阿坝藏族羌族自治州汶川县空气质量持续改善行动方案", "513221" },
        { "上海市浦东新区空气质量持续改善行动方案", "310115" },
        { "长阳土家族自治县2024年大气污染防治实施方案", "420528" },
        { "北京市朝阳区空气质量持续改善行动实施方案", "110105" },
        { "长春市朝阳区空气质量持续改善实施方案", "220104" },
        { "贵阳市白云区2025年蓝天保卫战实施方案", "520113" },
        { "洛阳市孟津区空气质量持续改善实施方案", "410308" },
        { "济源产城融合示范区2024年大气污染防治攻坚实施方案", "419001" },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public async Task APlanTitleFromAnyProvinceResolvesToItsCounty(string title, string code)
    {
        var parsed = PlanParser.Parse($"{title}\n一、重点任务\n");
        await using var db = CreateDbContext();

        var lookup = await RegionResolver.LookUpAsync(db, parsed.Region, parsed.Title, CancellationToken.None);

        Assert.Equal(code, lookup.Region?.Code);
    }

    [Fact]
    public async Task ANameInTwoProvincesWithoutItsProvinceOrCityIsLeftForTheReviewerAndBothPlacesAreNamed()
    {
        var parsed = PlanParser.Parse("朝阳区空气质量持续改善行动方案\n一、重点任务\n");
        await using var db = CreateDbContext();

        var lookup = await RegionResolver.LookUpAsync(db, parsed.Region, parsed.Title, CancellationToken.None);

        Assert.Null(lookup.Region);
        Assert.Equal(["北京市朝阳区", "吉林省长春市朝阳区"], lookup.Candidates);
    }

    private static readonly UserContext Admin =
        new("admin", "admin", "管理员", new HashSet<string> { AppRoles.Admin }, new HashSet<int>(), new HashSet<int>());

    /// <summary>A coordinator as UserContextLoader builds one: the bound region with everything below it.</summary>
    private async Task<UserContext> CoordinatorOfAsync(string code)
    {
        await using var db = CreateDbContext();
        var id = await db.Regions.Where(r => r.Code == code).Select(r => r.Id).SingleAsync();
        var regions = await _host.Services.GetRequiredService<RegionTree>().WithDescendantsAsync([id]);
        return new UserContext($"coordinator-{code}", $"coordinator-{code}", "督办员", new HashSet<string> { AppRoles.Coordinator },
            new HashSet<int>(), regions);
    }

    [Fact]
    public async Task TheRegionSearchReturnsBothChaoyangDistrictsEachWithWhereItLies()
    {
        var found = await _host.Services.GetRequiredService<PlanImportReviewService>().SearchRegionsAsync(Admin, "朝阳区");

        Assert.Equal([("朝阳区", "北京市"), ("朝阳区", "吉林省长春市")],
            found.Where(r => r.Name == "朝阳区").Select(r => (r.Name, r.Parents)).ToList());
        Assert.Equal(["朝阳区 — 北京市", "朝阳区 — 吉林省长春市"], found.Take(2).Select(r => r.Label));
        // The list's groupings are nobody's place, and a plan is never a township's or a street's (朝阳区街道 is not loaded anyway).
        Assert.DoesNotContain(found, r => r.Name is "市辖区" || r.Name.EndsWith("街道"));
    }

    [Fact]
    public async Task TheRegionSearchFindsByStatisticsCodeAndStopsAtTwentyAnswersAndTwoCharacters()
    {
        var reviews = _host.Services.GetRequiredService<PlanImportReviewService>();

        Assert.Equal("朝阳区 — 吉林省长春市", Assert.Single(await reviews.SearchRegionsAsync(Admin, "220104")).Label);
        Assert.Equal(RegionSearch.Limit, (await reviews.SearchRegionsAsync(Admin, "自治")).Count);
        Assert.Empty(await reviews.SearchRegionsAsync(Admin, "区"));
        Assert.Empty(await reviews.SearchRegionsAsync(Admin, " "));
    }

    [Fact]
    public async Task ACoordinatorsRegionSearchOffersOnlyTheirCityAndItsCountiesAndTheSaveRefusesAnyOther()
    {
        var reviews = _host.Services.GetRequiredService<PlanImportReviewService>();
        var luoyang = await CoordinatorOfAsync("410300");

        var found = await reviews.SearchRegionsAsync(luoyang, "洛阳");
        var districts = await reviews.SearchRegionsAsync(luoyang, "41030");

        Assert.Equal(["洛阳市 — 河南省", "洛阳高新技术产业开发区 — 河南省洛阳市"], found.Select(r => r.Label));
        Assert.Contains(districts, r => r.Label == "孟津区 — 河南省洛阳市");
        Assert.All(districts, r => Assert.Contains("洛阳", r.Label));
        Assert.Empty(await reviews.SearchRegionsAsync(luoyang, "朝阳区"));
        Assert.Empty(await reviews.SearchRegionsAsync(await CoordinatorOfAsync("410308"), "洛阳市"));
        await using var db = CreateDbContext();
        var chaoyang = await db.Regions.Where(r => r.Code == "110105").Select(r => r.Id).SingleAsync();
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.SaveAsync(luoyang, 0, 0, new PlanReview { RegionId = chaoyang }));
    }

    /// <summary>An admin account of its own (one open review per user), uploading the Mengjin seed re-laid under another title.</summary>
    private async Task<ReviewDraftView> UploadRelaidAsync(string user, string region, string stem)
    {
        await using (var db = CreateDbContext())
        {
            db.Users.Add(new AppUser { Id = user, UserName = user, NormalizedUserName = user.ToUpperInvariant(), DisplayName = user });
            await db.SaveChangesAsync();
        }
        var admin = new UserContext(user, user, "管理员", new HashSet<string> { AppRoles.Admin }, new HashSet<int>(), new HashSet<int>());
        var text = (await System.IO.File.ReadAllTextAsync(RepoPaths.Seed("mengjin-2024"))).Replace("洛阳市孟津区", region).Replace("孟津", stem);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return await _host.Services.GetRequiredService<PlanImportReviewService>()
            .StartAsync(admin, $"{user}.txt", new MemoryStream(bytes), bytes.Length);
    }

    [Fact]
    public async Task AnUploadedBeijingChaoyangPlanIsReviewedUnderThatDistrictWithItsStreetsLoaded()
    {
        var view = await UploadRelaidAsync("review-beijing", "北京市朝阳区", "朝阳");

        await using var db = CreateDbContext();
        var chaoyang = await db.Regions.SingleAsync(r => r.Code == "110105");
        Assert.Equal(chaoyang.Id, view.Review.RegionId);
        Assert.Null(view.RegionNotice);
        Assert.Equal(File.Value.Count(r => r.ParentCode == "110105"), await db.Regions.CountAsync(r => r.ParentId == chaoyang.Id));
    }

    [Fact]
    public async Task AnUploadNamingOnlyChaoyangLeavesTheRegionToTheReviewerAndSaysWhy()
    {
        var view = await UploadRelaidAsync("review-chaoyang", "朝阳区", "朝阳");

        Assert.Null(view.Review.RegionId);
        Assert.Contains("同名", view.RegionNotice);
    }

    [Fact]
    public async Task ALedgerTitleNamingAZhejiangCountyFindsIt()
    {
        await using var db = CreateDbContext();

        var lookup = await RegionResolver.LookUpInTextAsync(db, "浙江省杭州市临安区空气质量持续改善重点任务台账（2025年）", CancellationToken.None);

        Assert.Equal("330112", lookup.Region?.Code);
    }

    [Fact]
    public async Task AZhejiangCountysPlanLoadsItsTownshipsAndEveryAllTownshipsTaskReachesEachOfThem()
    {
        // A seed's tasks re-laid under a Zhejiang county's title: 洛阳市孟津区 → 杭州市临安区.
        var text = (await System.IO.File.ReadAllTextAsync(RepoPaths.Seed("mengjin-2024")))
            .Replace("洛阳市孟津区", "杭州市临安区").Replace("孟津", "临安");
        await using (var before = CreateDbContext())
            Assert.False(await before.Regions.AnyAsync(r => r.Parent!.Code == "330112"));

        var result = await _host.Services.GetRequiredService<PlanImporter>().ImportAsync("linan-2024", text);

        Assert.True(result.Succeeded, string.Join("；", result.Errors));
        await using var db = CreateDbContext();
        var plan = await db.Plans.Include(p => p.Region).SingleAsync(p => p.Key == "linan-2024");
        Assert.Equal("330112", plan.Region!.Code);
        var official = File.Value.Where(r => r.ParentCode == "330112").Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(18, official.Count);
        Assert.Equal(official, await db.Regions.Where(r => r.Parent!.Code == "330112" && r.Level != RegionLevel.Zone)
            .Select(r => r.Name).OrderBy(n => n).ToListAsync());
        var allTownshipTasks = await db.Tasks.Where(t => t.PlanId == plan.Id && t.ParentId == null && t.TownshipScope == TownshipScopeKind.All)
            .Select(t => t.Id).ToListAsync();
        Assert.NotEmpty(allTownshipTasks);
        var subordinates = await db.Regions.CountAsync(r => r.Parent!.Code == "330112");
        foreach (var taskId in allTownshipTasks)
            Assert.Equal(subordinates, await db.Assignments.CountAsync(a => a.TaskId == taskId && a.Role == AssignmentRole.Implementing));
    }
}
