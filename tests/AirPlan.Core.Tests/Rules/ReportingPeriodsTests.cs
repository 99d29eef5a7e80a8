using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Core.Tests.Rules;

public class ReportingPeriodsTests
{
    [Theory]
    [InlineData("2025-07-01", ReportingCycle.Quarterly, "2025Q3")]
    [InlineData("2025-12-31", ReportingCycle.Quarterly, "2025Q4")]
    [InlineData("2025-07-15", ReportingCycle.Monthly, "2025-07")]
    public void PeriodKeysNameTheQuarterOrMonth(string date, ReportingCycle cycle, string key) =>
        Assert.Equal(key, ReportingPeriods.KeyOf(DateOnly.Parse(date), cycle));

    [Fact]
    public void TheLastClosedQuarterEndsBeforeTheAsOfDatesQuarter()
    {
        var closed = ReportingPeriods.LastClosed(new DateOnly(2025, 11, 24), ReportingCycle.Quarterly);

        Assert.Equal(("2025Q3", new DateOnly(2025, 7, 1), new DateOnly(2025, 9, 30)), closed);
    }

    [Theory]
    [InlineData("2025Q3", "2025年第三季度")]
    [InlineData("2025-07", "2025年7月")]
    public void PeriodTitlesReadAsOfficesWriteThem(string key, string title) =>
        Assert.Equal(title, ReportingPeriods.Title(key));
}
