using AirPlan.Core.Formatting;

namespace AirPlan.Core.Tests.Formatting;

public class ChartLabelsTests
{
    [Fact]
    public void ThirtyMonthsShowAboutEightLabelsWithTheLastAlwaysAmongThem()
    {
        var months = Enumerable.Range(0, 30).Select(i => $"{23 + (i / 12)}年{i % 12 + 1}月").ToList();

        var shown = ChartLabels.Thin(months, 8).Where(l => l.Length > 0).ToList();

        Assert.InRange(shown.Count, 6, 9);
        Assert.Equal("25年6月", shown[^1]);
        Assert.Equal("23年1月", shown[0]);
        Assert.Equal(30, ChartLabels.Thin(months, 8).Length);
    }

    [Fact]
    public void FewLabelsAreKeptAsTheyAre()
    {
        Assert.Equal(["24年1月", "24年2月"], ChartLabels.Thin(["24年1月", "24年2月"], 8));
    }

    [Fact]
    public void LongUnitNamesAreCutWithAnEllipsis()
    {
        Assert.Equal("市生态环境局…", ChartLabels.Short("市生态环境局孟津分局", 7));
        Assert.Equal("区发展改革委", ChartLabels.Short("区发展改革委", 7));
    }
}
