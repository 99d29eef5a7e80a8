using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>The five real plans, read end to end.</summary>
public class SeedPlanTests
{
    [Theory]
    [InlineData("mengjin-2024", 34, 7)]
    [InlineData("mengzhou-2023", 37, 0)]
    [InlineData("yichuan-2024", 35, 13)]
    [InlineData("luohe-2024", 33, 0)]
    [InlineData("jiyuan-2024", 35, 0)]
    public void EverySeedYieldsItsNumberedWorkItemsWithoutWarnings(string seed, int tasks, int subitems)
    {
        var plan = Seeds.Plan(seed);

        Assert.Empty(plan.Warnings);
        Assert.Equal(tasks, plan.Tasks.Count);
        Assert.Equal(subitems, plan.Tasks.Sum(t => t.Subitems.Count));
        Assert.All(plan.Tasks, t => Assert.NotEmpty(t.Lead));
        Assert.Equal(Enumerable.Range(1, tasks), plan.Tasks.Select(t => t.Order));
    }

    [Fact]
    public void MengjinTasksAreNumberedOneToThirtyFourUnderSections()
    {
        var plan = Seeds.Plan("mengjin-2024");

        Assert.Equal(Enumerable.Range(1, 34).Select(i => i.ToString()), plan.Tasks.Select(t => t.Number));
        Assert.All(plan.Tasks, t => Assert.Equal("三", t.ChapterNumber));
        Assert.Equal("（一）优化产业结构，促进产业绿色转型发展", plan.Tasks[0].Section);
        Assert.Equal("坚决遏制“两高”项目盲目发展", plan.Tasks[0].Title);
    }

    [Fact]
    public void YichuanGlobalNumberingRunsFromOneToThirtyFive()
    {
        var plan = Seeds.Plan("yichuan-2024");

        Assert.Equal("（一）", plan.Tasks[0].Number);
        Assert.Equal("（三十五）", plan.Tasks[^1].Number);
        Assert.Equal("二", plan.Tasks[0].ChapterNumber);
    }

    [Theory]
    [InlineData("luohe-2024", new[] { 4, 5, 4, 4, 6, 4, 4, 2 })]
    [InlineData("jiyuan-2024", new[] { 4, 5, 4, 4, 6, 5, 4, 3 })]
    public void NumberingThatRestartsPerChapterIsKeptPerChapter(string seed, int[] perChapter)
    {
        var plan = Seeds.Plan(seed);

        var counts = plan.Tasks.GroupBy(t => t.ChapterNumber).Select(g => g.Count()).ToArray();
        Assert.Equal(perChapter, counts);
        Assert.All(plan.Tasks.GroupBy(t => t.ChapterNumber), g => Assert.Equal("（一）", g.First().Number));
    }

    [Theory]
    [InlineData("mengjin-2024", "一", false)]
    [InlineData("mengjin-2024", "二", false)]
    [InlineData("mengjin-2024", "四", false)]
    [InlineData("yichuan-2024", "一", false)]
    [InlineData("yichuan-2024", "十", false)]
    [InlineData("jiyuan-2024", "十", false)]
    [InlineData("luohe-2024", "二", true)]
    public void ChaptersWithoutResponsibleUnitsAreContextOnly(string seed, string chapter, bool hasTasks)
    {
        var plan = Seeds.Plan(seed);

        var c = Assert.Single(plan.Chapters, c => c.Number == chapter);
        Assert.Equal(hasTasks, c.HasTasks);
        Assert.Equal(hasTasks, plan.Tasks.Any(t => t.ChapterNumber == chapter));
    }

    [Fact]
    public void MengjinMetadataIsReadFromTheNoticeHeader()
    {
        var plan = Seeds.Plan("mengjin-2024");

        Assert.Equal("洛阳市孟津区空气质量持续改善实施方案", plan.Title);
        Assert.Equal("孟政办〔2024〕21号", plan.DocNumber);
        Assert.Equal("洛阳市孟津区人民政府办公室", plan.Issuer);
        Assert.Equal(new DateOnly(2024, 12, 9), plan.IssuedOn);
        Assert.Equal(2024, plan.PlanYear);
        Assert.Equal("孟津区", plan.Region);
    }

    [Theory]
    [InlineData("yichuan-2024", "伊川县空气质量持续改善实施方案", "伊政办〔2024〕15号", "伊川县人民政府办公室", "2024-09-30", 2024, "伊川县")]
    [InlineData("luohe-2024", "漯河市空气质量持续改善行动实施方案", "漯政〔2024〕6号", "漯河市人民政府", "2024-07-12", 2024, "漯河市")]
    [InlineData("jiyuan-2024", "济源产城融合示范区空气质量持续改善实施方案", "济管〔2024〕14号", "济源产城融合示范区管理委员会", "2024-07-12", 2024, "济源产城融合示范区")]
    [InlineData("mengzhou-2023", "孟州市2023年蓝天保卫战暨空气质量排名提升实施方案", null, null, null, 2023, "孟州市")]
    public void MetadataOfEverySeed(string seed, string title, string? docNumber, string? issuer, string? issuedOn, int year, string region)
    {
        var plan = Seeds.Plan(seed);

        Assert.Equal(title, plan.Title);
        Assert.Equal(docNumber, plan.DocNumber);
        Assert.Equal(issuer, plan.Issuer);
        Assert.Equal(issuedOn, plan.IssuedOn?.ToString("yyyy-MM-dd"));
        Assert.Equal(year, plan.PlanYear);
        Assert.Equal(region, plan.Region);
    }

    [Fact]
    public void MengjinTargetsAreReadFromTheGoalChapter()
    {
        var targets = Seeds.Plan("mengjin-2024").Targets;

        Assert.Contains(targets, t => t is { Indicator: "PM2.5浓度", Value: 36m, Unit: "微克/立方米" });
        Assert.Contains(targets, t => t is { Indicator: "国控站点PM2.5浓度", Value: 37m });
        Assert.Contains(targets, t => t is { Indicator: "优良天数", Value: 266m, Unit: "天" });
    }

    [Fact]
    public void LuoheTargetsSurviveDamagedGlyphs()
    {
        var targets = Seeds.Plan("luohe-2024").Targets;

        Assert.Contains(targets, t => t is { Indicator: "PM2.5浓度", Value: 38.5m });
        Assert.Contains(targets, t => t is { Indicator: "优良天数比率", Value: 75m, Unit: "%" });
        Assert.Contains(targets, t => t is { Indicator: "优良天数", Value: 274m });
        Assert.Contains(targets, t => t is { Indicator: "重度及以上污染天数比率", Value: 1.7m, Unit: "%" });
    }

    [Fact]
    public void JiyuanTargetsReadThroughLatex()
    {
        var targets = Seeds.Plan("jiyuan-2024").Targets;

        Assert.Contains(targets, t => t is { Indicator: "PM2.5浓度", Value: 46m });
        Assert.Contains(targets, t => t is { Indicator: "优良天数比率", Value: 66.5m });
        // Chapter 七's PM2.5 45 is a task, not a plan goal.
        Assert.DoesNotContain(targets, t => t.Value == 45m);
    }

    [Theory]
    [InlineData("mengjin-2024", 26)]
    [InlineData("mengzhou-2023", 19)]
    [InlineData("yichuan-2024", 17)]
    [InlineData("luohe-2024", 29)]
    [InlineData("jiyuan-2024", 20)]
    public void EachSeedHasOneCanonicalNamePerUnit(string seed, int units)
    {
        var plan = Seeds.Plan(seed);

        Assert.Equal(units, plan.Units.Count);
        var used = plan.Tasks.SelectMany(t => t.Lead.Concat(t.Supporting)).ToHashSet();
        Assert.All(used, u => Assert.Contains(plan.Units, x => x.Name == u));
    }
}
