namespace AirPlan.Web.Common;

/// <summary>Text a user types, as an ILIKE pattern that finds it anywhere: % _ and \ are matched literally.</summary>
public static class LikePattern
{
    public static string Containing(string text) =>
        $"%{text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
}
