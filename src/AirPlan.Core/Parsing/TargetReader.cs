using System.Globalization;
using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>Reads the quantitative goals (PM2.5 浓度、优良天数 …) from the plan's goal text.</summary>
internal static partial class TargetReader
{
    private sealed record Pattern(string Indicator, Regex Regex, string Unit);

    private static readonly Pattern[] Patterns =
    [
        new("国控站点PM2.5浓度", NationalPm25(), "微克/立方米"),
        new("PM2.5浓度", Pm25(), "微克/立方米"),
        new("PM10浓度", Pm10(), "微克/立方米"),
        new("优良天数比率", GoodDaysRatio(), "%"),
        new("优良天数", GoodDays(), "天"),
        new("重度及以上污染天数比率", SevereRatio(), ""),
    ];

    public static List<PlanTarget> Read(IEnumerable<string> goalTexts)
    {
        var targets = new List<PlanTarget>();
        foreach (var text in goalTexts)
        {
            // 国控站点PM2.5浓度 also matches the plain PM2.5 pattern; the qualified reading wins.
            var consumed = new List<(int Start, int End, string Indicator)>();
            foreach (var p in Patterns)
            {
                foreach (Match m in p.Regex.Matches(text))
                {
                    if (consumed.Any(c => m.Index < c.End && c.Start < m.Index + m.Length && c.Indicator.EndsWith(p.Indicator))) continue;
                    consumed.Add((m.Index, m.Index + m.Length, p.Indicator));
                    var unit = p.Unit.Length > 0 ? p.Unit : m.Groups["unit"].Value;
                    if (decimal.TryParse(m.Groups["v"].Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
                        targets.Add(new PlanTarget(p.Indicator, value, unit, m.Value));
                }
            }
        }
        return targets;
    }

    [GeneratedRegex(@"国控站点PM2\.5(?:年均)?浓度(?:不高于|低于|控制在|降至)(?<v>\d+(?:\.\d+)?)微克/立方米")] private static partial Regex NationalPm25();
    [GeneratedRegex(@"PM2\.5(?:年均)?浓度(?:力争)?(?:不高于|低于|控制在|降至|下降到)(?<v>\d+(?:\.\d+)?)微克/立方米")] private static partial Regex Pm25();
    [GeneratedRegex(@"PM10(?:年均)?浓度(?:力争)?(?:不高于|低于|控制在|降至)(?<v>\d+(?:\.\d+)?)微克/立方米")] private static partial Regex Pm10();
    [GeneratedRegex(@"优良天数比率(?:达到|不低于|达)(?<v>\d+(?:\.\d+)?)%")] private static partial Regex GoodDaysRatio();
    [GeneratedRegex(@"优良天数(?:比率[^，。]*?（)?(?:达到|不少于|达)(?<v>\d+)天")] private static partial Regex GoodDays();
    [GeneratedRegex(@"重度及以上污染天数(?:比率)?控制在(?<v>\d+(?:\.\d+)?)(?<unit>%|天)以内")] private static partial Regex SevereRatio();
}
