namespace AirPlan.Core.Domain;

/// <summary>
/// The words for the areas that carry out a plan, by the level of the plan's region: a county's plan is carried out by
/// its 乡镇（街道）, a city's (Luohe) by its 县区. Every screen and the Excel ask <see cref="For"/> with the plan's region
/// level, so a city plan never calls its districts 乡镇. The level rule itself is <see cref="Region.IsSubordinateLevel"/>.
/// </summary>
/// <param name="Short">The level in a heading or a sheet name: 乡镇落实情况 / 县区落实情况.</param>
public sealed record AreaTerms(string Area, string RoleTitle, string All, string Every, string Named, string Short)
{
    public static readonly AreaTerms Townships = new("乡镇（街道）", "落实乡镇", "全部乡镇（街道）", "各乡镇（街道）", "指定乡镇", "乡镇");
    public static readonly AreaTerms Counties = new("县区", "落实县区", "全部县区", "各县区", "指定县区", "县区");
    /// <summary>For lists that mix plans of county and city level.</summary>
    public static readonly AreaTerms Mixed = new("乡镇（县区）", "落实乡镇（县区）", "全部乡镇（县区）", "各乡镇（县区）", "指定乡镇（县区）", "乡镇（县区）");

    public static AreaTerms For(RegionLevel planRegionLevel) => planRegionLevel switch
    {
        RegionLevel.Province or RegionLevel.City => Counties,
        _ => Townships,
    };

    /// <summary>The terms for several plans at once: their own when all are of one kind.</summary>
    public static AreaTerms For(IEnumerable<RegionLevel> planRegionLevels)
    {
        var terms = planRegionLevels.Select(For).Distinct().ToList();
        return terms.Count == 1 ? terms[0] : terms.Count == 0 ? Townships : Mixed;
    }

    /// <summary>The role's title with the implementing areas named for this plan (落实乡镇 / 落实县区).</summary>
    /// <summary>A heading or sheet name: 乡镇落实情况, 县区落实情况.</summary>
    public string Progress => $"{Short}落实情况";

    public string TitleOf(AssignmentRole role) => role == AssignmentRole.Implementing ? RoleTitle : StatusTitles.Of(role);
}
