using System.Text.RegularExpressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Web.Features.Reports;

/// <summary>2025Q3 ↔ its first and last day, via the reporting-period rules.</summary>
public static partial class QuarterKey
{
    public static bool TryParse(string? text, out string key, out DateOnly start, out DateOnly end)
    {
        (key, start, end) = ("", default, default);
        var m = Pattern().Match(text?.Trim() ?? "");
        if (!m.Success) return false;
        var year = int.Parse(m.Groups[1].Value);
        var quarter = int.Parse(m.Groups[2].Value);
        if (year is < 2000 or > 2100) return false;
        (start, end) = ReportingPeriods.BoundsOf(new DateOnly(year, quarter * 3 - 2, 1), ReportingCycle.Quarterly);
        key = ReportingPeriods.KeyOf(start, ReportingCycle.Quarterly);
        return true;
    }

    /// <summary>The quarter a date falls in.</summary>
    public static string Of(DateOnly date) => ReportingPeriods.KeyOf(date, ReportingCycle.Quarterly);

    /// <summary>The quarter before the one a date falls in: what offices report on at the start of a quarter.</summary>
    public static string Previous(DateOnly date) => Of(ReportingPeriods.BoundsOf(date, ReportingCycle.Quarterly).Start.AddDays(-1));

    /// <summary>The period keys whose reports belong to a quarter: the quarter itself and its months (monthly plans).</summary>
    public static IReadOnlyList<string> PeriodKeys(string key, DateOnly start) =>
        [key, .. Enumerable.Range(0, 3).Select(i => ReportingPeriods.KeyOf(start.AddMonths(i), ReportingCycle.Monthly))];

    [GeneratedRegex(@"^(\d{4})\s*[Qq]([1-4])$")] private static partial Regex Pattern();
}
