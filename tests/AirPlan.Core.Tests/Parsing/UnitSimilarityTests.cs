using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public sealed class UnitSimilarityTests
{
    [Theory]
    [InlineData("住建局", "区住建局")]
    [InlineData("孟津区住建局", "区住建局")]
    [InlineData("区住房和城乡建设局", "区住房城乡建设局")]
    [InlineData("区生态环境分局", "区生态环境局")]
    [InlineData("区自然资源局", "区自然资原局")]
    public void TheSameUnitWrittenAnotherWayIsNear(string a, string b) => Assert.True(UnitSimilarity.IsNear(a, b));

    [Theory]
    [InlineData("区公安局", "区交通局")]
    [InlineData("区市场监管局", "区城管局")]
    [InlineData("城关镇", "会盟镇")]
    public void DifferentUnitsAreNotNear(string a, string b) => Assert.False(UnitSimilarity.IsNear(a, b));

    [Theory]
    [InlineData("住建局", "区住建局", true)]
    [InlineData("孟津区住建局", "区住建局", true)]
    [InlineData("区住房和城乡建设局", "区住房城乡建设局", true)]
    [InlineData("区住建局", "市住建局", false)]
    [InlineData("区生态环境局", "市生态环境局孟津分局", false)]
    [InlineData("区住建局", "区住建局", false)]
    public void AVariantIsTheSameUnitWrittenAnotherWayNeverAnotherLevel(string a, string b, bool variant) =>
        Assert.Equal(variant, UnitSimilarity.IsVariant(a, b));

    [Fact]
    public void SuggestionsPutTheClosestNameFirstAndNeverTheNameItself()
    {
        var suggestions = UnitSimilarity.Suggestions("住建局", ["区住建局", "区住建局机关服务中心", "区公安局", "住建局"]);

        Assert.Equal(["区住建局", "区住建局机关服务中心"], suggestions);
    }
}
