namespace AirPlan.Core.Rules;

/// <summary>督办单文号 as offices write them: 孟环督〔2025〕12号 (prefix, year in 六角括号, sequence without leading zeros).</summary>
public static class NoticeNumbers
{
    public static string Format(string prefix, int year, int number) => $"{prefix}〔{year}〕{number}号";

    /// <summary>
    /// The prefix a region gets until someone sets one: the first character of its name (its 简称 in 文号 practice: 孟津区 → 孟)
    /// and 环督, the environment bureau's supervision series.
    /// </summary>
    public static string DefaultPrefix(string regionName)
    {
        var name = regionName.Trim();
        return (name.Length > 0 ? name[..1] : "") + "环督";
    }

    /// <summary>落款 until someone sets one: the county's environment bureau office for the battle against pollution.</summary>
    public static string DefaultIssuingOffice(string regionName) => $"{regionName.Trim()}污染防治攻坚战领导小组办公室";

    public const int PrefixMaxLength = 20;
    public const int IssuingOfficeMaxLength = 100;
}
