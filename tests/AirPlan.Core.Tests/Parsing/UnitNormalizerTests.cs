using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public class UnitNormalizerTests
{
    [Fact]
    public void YichuanVariantsAndTypoOfOneBureauBecomeOneUnit()
    {
        var unit = Assert.Single(Seeds.Plan("yichuan-2024").Units, u => u.Name == "县工业信息化和商务局");

        Assert.Contains("工业信息化和商务局", unit.Aliases);
        Assert.Contains("县工业化信息和商务局", unit.Aliases);
        Assert.DoesNotContain(Seeds.Plan("yichuan-2024").Units, u => u.Name.Contains("工业化信息"));
    }

    [Fact]
    public void JiyuanReorderedNameMergesIntoTheFrequentSpelling()
    {
        var unit = Assert.Single(Seeds.Plan("jiyuan-2024").Units, u => u.Name == "示范区发展改革和统计局");

        Assert.Contains("示范区发展和改革统计局", unit.Aliases);
        Assert.Contains("发展改革和统计局（数据局）", unit.Aliases);
    }

    [Fact]
    public void AbbreviatedAndFullNamesOfOneBureauMerge()
    {
        var unit = Assert.Single(Seeds.Plan("mengzhou-2023").Units, u => u.Name == "市市场监管局");

        Assert.Contains("市场监督管理局", unit.Aliases);
    }

    [Fact]
    public void CountyFullNamePrefixIsShortenedToTheLevelPrefix()
    {
        var unit = Assert.Single(Seeds.Plan("yichuan-2024").Units, u => u.Name == "县机关事务服务中心");

        Assert.Contains("伊川县机关事务服务中心", unit.Aliases);
    }

    [Fact]
    public void BranchesOfCityBureausStayUnitsOfTheirOwn()
    {
        var names = Seeds.Plan("mengjin-2024").Units.Select(u => u.Name).ToList();

        Assert.Contains("市生态环境局孟津分局", names);
        Assert.Contains("市公安局孟津分局", names);
        Assert.DoesNotContain("区生态环境局", names);
        Assert.Contains("洛阳市生态环境局伊川分局", Seeds.Plan("yichuan-2024").Units.Select(u => u.Name));
    }

    [Theory]
    [InlineData("县工业信息化和商务局", "县工业化信息和商务局", true)]
    [InlineData("示范区发展改革和统计局", "示范区发展和改革统计局", true)]
    [InlineData("市自然资源和规划局孟津分局", "市自然资源局孟津分局", true)]
    [InlineData("区住建局", "区工信局", false)]
    [InlineData("市公安局孟津分局", "市生态环境局孟津分局", false)]
    [InlineData("区发展改革委", "市发展改革委", false)]
    public void TypoMergingIsConservative(string a, string b, bool same)
    {
        Assert.Equal(same, UnitNormalizer.SameUnit(a, b));
    }

    [Fact]
    public void EditableAliasTableMapsVariantsToTheChosenName()
    {
        var options = new PlanParserOptions { UnitAliases = new Dictionary<string, string> { ["区政数局"] = "区政务服务和大数据管理局" } };

        var plan = PlanParser.Parse(Seeds.Text("mengjin-2024"), options);

        var task = plan.Tasks.Single(t => t.Number == "31");
        Assert.Contains("区政务服务和大数据管理局", task.Lead);
        Assert.DoesNotContain("区政数局", plan.Units.Select(u => u.Name));
        Assert.Contains("区政数局", plan.Units.Single(u => u.Name == "区政务服务和大数据管理局").Aliases);
    }
}
