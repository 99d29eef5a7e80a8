using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>报送周期: quarters (2025Q3) or months (2025-07), and which closed periods an assignment still owes.</summary>
public static class ReportingPeriods
{
    public static string KeyOf(DateOnly date, ReportingCycle cycle) => cycle == ReportingCycle.Monthly
        ? $"{date.Year}-{date.Month:D2}"
        : $"{date.Year}Q{(date.Month - 1) / 3 + 1}";

    public static (DateOnly Start, DateOnly End) BoundsOf(DateOnly date, ReportingCycle cycle)
    {
        var firstMonth = cycle == ReportingCycle.Monthly ? date.Month : (date.Month - 1) / 3 * 3 + 1;
        var start = new DateOnly(date.Year, firstMonth, 1);
        return (start, start.AddMonths(cycle == ReportingCycle.Monthly ? 1 : 3).AddDays(-1));
    }

    /// <summary>The period that most recently ended before <paramref name="asOf"/>.</summary>
    public static (string Key, DateOnly Start, DateOnly End) LastClosed(DateOnly asOf, ReportingCycle cycle)
    {
        var (start, _) = BoundsOf(asOf, cycle);
        var previous = start.AddDays(-1);
        var bounds = BoundsOf(previous, cycle);
        return (KeyOf(previous, cycle), bounds.Start, bounds.End);
    }

    public static string Title(string key) => key.Contains('Q')
        ? $"{key[..4]}年第{"一二三四"[key[^1] - '1']}季度"
        : $"{key[..4]}年{int.Parse(key[5..])}月";
}
