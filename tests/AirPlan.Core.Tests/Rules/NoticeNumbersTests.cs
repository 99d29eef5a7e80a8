using AirPlan.Core.Rules;

namespace AirPlan.Core.Tests.Rules;

public sealed class NoticeNumbersTests
{
    [Theory]
    [InlineData("孟津区", "孟环督")]
    [InlineData("伊川县", "伊环督")]
    [InlineData("漯河市", "漯环督")]
    public void ARegionsDefaultPrefixIsItsFirstCharacterAndTheSupervisionSeries(string region, string prefix) =>
        Assert.Equal(prefix, NoticeNumbers.DefaultPrefix(region));

    [Fact]
    public void ANumberIsWrittenWithTheYearInHexagonalBracketsAndNoLeadingZeros() =>
        Assert.Equal("孟环督〔2025〕12号", NoticeNumbers.Format("孟环督", 2025, 12));

    [Theory]
    [InlineData("2025Q3", "2025-07-01", "2025-09-30", "2025年第三季度")]
    [InlineData("2025-10", "2025-10-01", "2025-10-31", "2025年10月")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29", "2024年2月")]
    public void ABulletinPeriodIsAMonthOrAQuarter(string key, string start, string end, string title)
    {
        var period = BulletinPeriod.TryParse(key)!;
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end), title), (period.Start, period.End, period.Title));
    }

    [Theory]
    [InlineData("2025Q5")]
    [InlineData("2025-13")]
    [InlineData("Q3")]
    [InlineData("")]
    public void AnythingElseIsNoPeriod(string key) => Assert.Null(BulletinPeriod.TryParse(key));

    [Fact]
    public void ARunningPeriodsFiguresAreTodaysAndAnEndedOnesAreOfItsLastDay()
    {
        var q3 = BulletinPeriod.TryParse("2025Q3")!;
        Assert.Equal(new DateOnly(2025, 9, 15), q3.AsOf(new DateOnly(2025, 9, 15)));
        Assert.Equal(new DateOnly(2025, 9, 30), q3.AsOf(new DateOnly(2025, 10, 8)));
    }
}
