using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public class DeadlineParserTests
{
    private static ParsedDeadline Single(string text, int? planYear = 2024) =>
        Assert.Single(DeadlineParser.Read(text, planYear).Deadlines);

    [Theory]
    [InlineData("2023年6月底前建立重点行业产业集群及园区清单台账", "2023-06-30", "2023年6月底前")]
    [InlineData("到2024年10月底前，排查推进符合条件的企业", "2024-10-31", "2024年10月底前")]
    [InlineData("2024年2月底前完成", "2024-02-29", "2024年2月底前")]
    public void MonthEndDeadlineIsTheLastDayOfThatMonth(string text, string date, string words)
    {
        var d = Single(text);
        Assert.Equal(DateOnly.Parse(date), d.Date);
        Assert.Equal(words, d.Text);
    }

    [Theory]
    [InlineData("2025年底前，对30万千瓦及以上热电联产电厂", "2025年底前")]
    [InlineData("力争2023年年底前完成全市农产品烘干环节清洁能源替代工作", "2023年年底前")]
    [InlineData("到2025年，全县集装箱公铁量年均增长15%以上", "到2025年")]
    public void YearEndFormsMeanTheThirtyFirstOfDecember(string text, string words)
    {
        var d = Single(text);
        Assert.Equal(12, d.Date.Month);
        Assert.Equal(31, d.Date.Day);
        Assert.Equal(words, d.Text);
    }

    [Fact]
    public void ExactDayDeadlineIsThatDay()
    {
        Assert.Equal(new DateOnly(2023, 4, 30), Single("于2023年4月30日前将年度实施方案报市污染防治攻坚办").Date);
    }

    [Fact]
    public void MengzhouMonthsWithoutYearBelongToThePlanYear()
    {
        var reading = DeadlineParser.Read("4月底前，指导帮扶化工等行业企业；6月底前，安装完成火炬。5月10日前报市污染防治攻坚办备案。", 2023);

        Assert.Equal([new DateOnly(2023, 4, 30), new DateOnly(2023, 5, 10), new DateOnly(2023, 6, 30)], reading.Deadlines.Select(d => d.Date));
        Assert.Equal("5月10日前", reading.Deadlines[1].Text);
    }

    [Fact]
    public void HeatingSeasonMeansFifteenthOfNovember()
    {
        var d = Single("到2025年采暖季前，全县平原地区散煤基本清零");

        Assert.Equal(new DateOnly(2025, 11, 15), d.Date);
        Assert.Equal("到2025年采暖季前", d.Text);
    }

    [Fact]
    public void StartDatesAndBaselinesAreNotDeadlines()
    {
        Assert.Empty(DeadlineParser.Read("2023年11月15日起，D级企业纳入秋冬季生产调控。", 2023).Deadlines);
        var baseline = DeadlineParser.Read("到2025年，大型规模化养殖场大气氨排放总量比2020年下降5%。", 2024);
        Assert.Equal([new DateOnly(2025, 12, 31)], baseline.Deadlines.Select(d => d.Date));
    }

    [Fact]
    public void PeriodEndIsKeptApartFromDeadlines()
    {
        var reading = DeadlineParser.Read("2023年11月15日至2024年3月15日期间，按照要求实施水泥熟料、砖瓦等行业错峰生产", 2023);

        Assert.Empty(reading.Deadlines);
        var end = Assert.Single(reading.PeriodEnds);
        Assert.Equal(new DateOnly(2024, 3, 15), end.Date);
    }

    [Fact]
    public void RecurrencesAreKeptAsWritten()
    {
        var reading = DeadlineParser.Read("每年在全区流通领域加油站（点）抽检车用汽柴油不低于80个批次。每月对生产企业开展一次成品油质量抽检。", 2024);

        Assert.Equal("每年、每月", reading.Recurrence);
        Assert.Null(DeadlineParser.Read("依法依规管控烟花爆竹燃放。", 2024).Recurrence);
        Assert.Equal("每季度", DeadlineParser.Read("每季度通报一次。", 2024).Recurrence);
    }

    [Fact]
    public void TaskDeadlinesIncludeThoseOfItsSubitems()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks.Single(t => t.Number == "14");

        Assert.Contains(task.Subitems[0].Deadlines, d => d.Text == "到2025年");
        Assert.Contains(task.Deadlines, d => d.Date == new DateOnly(2025, 12, 31));
    }

    [Fact]
    public void LuoheDeadlinesAreReadThroughDamagedDigits()
    {
        var task = Seeds.Plan("luohe-2024").Tasks.Single(t => t.Title == "持续推进清洁取暖改造");

        Assert.Equal([new DateOnly(2025, 11, 15)], task.Deadlines.Select(d => d.Date));
    }
}
