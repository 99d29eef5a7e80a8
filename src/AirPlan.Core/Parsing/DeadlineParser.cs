using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>Dates and repetitions a task's text commits to.</summary>
internal sealed record DeadlineReading(
    IReadOnlyList<ParsedDeadline> Deadlines,
    IReadOnlyList<ParsedDeadline> PeriodEnds,
    string? Recurrence,
    bool IsContinuous);

/// <summary>
/// Reads deadline expressions. A deadline is a date work must be done by (…底前, …日前, 到YYYY年, …采暖季前);
/// a start (…起), a baseline (比2020年) or a bare year target is not one; the end of a …至…期间 window is kept apart
/// as a period end. Month/day without a year belong to the plan's year. A year that opens a sentence (2025年，… /
/// 2025年：…) is a target year: the work is due by its end. 年底前 without a year belongs to the year of the nearest
/// dated deadline before it in the same task (到2025年，…；年底前…), else to the plan's year.
/// </summary>
internal static partial class DeadlineParser
{
    /// <summary>Heating season starts 15 November in Henan; "before the heating season" means by then.</summary>
    public const int HeatingSeasonMonth = 11, HeatingSeasonDay = 15;

    public static DeadlineReading Read(string text, int? planYear)
    {
        var deadlines = new List<ParsedDeadline>();
        var periodEnds = new List<ParsedDeadline>();
        var consumed = new bool[text.Length];

        foreach (Match m in Period().Matches(text))
        {
            var end = ToDate(m.Groups["y2"].Value, m.Groups["m2"].Value, m.Groups["d2"].Value, planYear);
            if (end is not null) periodEnds.Add(new ParsedDeadline(end.Value, m.Value));
            Consume(consumed, m);
        }

        int? contextYear = null;
        foreach (Match m in Deadline().Matches(text))
        {
            if (IsConsumed(consumed, m)) continue;
            var date = Interpret(m, planYear, contextYear);
            if (date is null) continue;
            deadlines.Add(new ParsedDeadline(date.Value, m.Value));
            contextYear = date.Value.Year;
        }

        var recurrences = Recurrence().Matches(text).Select(m => m.Value).Distinct().ToList();
        var ordered = deadlines.DistinctBy(d => (d.Date, d.Text)).OrderBy(d => d.Date).ToList();
        return new DeadlineReading(
            ordered,
            periodEnds.DistinctBy(d => (d.Date, d.Text)).ToList(),
            recurrences.Count > 0 ? string.Join("、", recurrences) : null,
            ordered.Count == 0 && Continuous().IsMatch(text));
    }

    private static DateOnly? Interpret(Match m, int? planYear, int? contextYear)
    {
        var g = m.Groups;
        if (g["ymd"].Success) return ToDate(g["y"].Value, g["m"].Value, g["d"].Value, planYear);
        if (g["ym"].Success) return EndOfMonth(g["y2"].Value, g["m2"].Value, planYear);
        if (g["yend"].Success) return ToDate(g["y3"].Value, "12", "31", planYear);
        if (g["heat"].Success) return ToDate(g["y4"].Value, HeatingSeasonMonth.ToString(), HeatingSeasonDay.ToString(), planYear);
        if (g["by"].Success) return ToDate(g["y5"].Value, "12", "31", planYear);
        if (g["target"].Success) return ToDate(g["y6"].Value, "12", "31", planYear);
        if (g["yearless"].Success) return ToDate("", "12", "31", contextYear ?? planYear);
        return null;
    }

    private static DateOnly? EndOfMonth(string y, string mo, int? planYear)
    {
        var year = y.Length > 0 ? int.Parse(y) : planYear;
        if (year is null || !int.TryParse(mo, out var month) || month is < 1 or > 12 || year is < 1900 or > 2200) return null;
        return new DateOnly(year.Value, month, DateTime.DaysInMonth(year.Value, month));
    }

    private static DateOnly? ToDate(string y, string mo, string d, int? planYear)
    {
        var year = y.Length > 0 ? int.Parse(y) : planYear;
        if (year is null || year is < 1900 or > 2200) return null;
        if (!int.TryParse(mo, out var month) || !int.TryParse(d, out var day)) return null;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year.Value, month)) return null;
        return new DateOnly(year.Value, month, day);
    }

    private static void Consume(bool[] consumed, Match m)
    {
        for (var i = m.Index; i < m.Index + m.Length; i++) consumed[i] = true;
    }

    private static bool IsConsumed(bool[] consumed, Match m) => consumed[m.Index];

    // Alternatives are ordered so the most specific form wins at each position: 2025年采暖季前 is not 到2025年.
    [GeneratedRegex(
        @"(?<ymd>(?:(?<y>\d{4})年)?(?<![\d年])(?<m>\d{1,2})月(?<d>\d{1,2})日(?:之)?前)" +
        @"|(?<ymd>(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})日(?:之)?前)" +
        @"|(?<ym>(?:(?<y2>\d{4})年)?(?<m2>\d{1,2})月(?:底|末)(?:之)?前)" +
        @"|(?<yend>(?:到|在)?(?<y3>\d{4})年(?:年)?(?:底|末)(?:之)?前)" +
        @"|(?<heat>(?:到|在)?(?<y4>\d{4})年(?:冬季)?采暖季(?:之)?前)" +
        @"|(?<by>到(?<y5>\d{4})年(?!\d{1,2}月|底|末|年|采暖|冬季))" +
        @"|(?<target>(?<=^|[。；：，])(?<y6>\d{4})年(?=[，：]))" +
        @"|(?<yearless>(?<![\d年每])(?:今年|当年|本年)?年(?:底|末)(?:之)?前)")]
    private static partial Regex Deadline();

    [GeneratedRegex(@"(?:(?<y1>\d{4})年)?(?<m1>\d{1,2})月(?<d1>\d{1,2})日至(?:(?<y2>\d{4})年)?(?<m2>\d{1,2})月(?<d2>\d{1,2})日(?:期间)?")]
    private static partial Regex Period();

    [GeneratedRegex(@"每(?:个)?(?:月|季度|半年|年|周|日|天|旬)|逐月|按月|按季度|按年度")] private static partial Regex Recurrence();
    [GeneratedRegex(@"持续|长期坚持|常态化|长效")] private static partial Regex Continuous();
}
