namespace AirPlan.Web.Common;

/// <summary>Text a user types, as an ILIKE pattern that finds it anywhere: % _ and \ are matched literally.</summary>
public static class LikePattern
{
    /// <summary>Whether the text has a letter with an upper and a lower case (where ILIKE and LIKE can differ).</summary>
    public static bool HasCase(string text) => text.Any(c => char.ToUpperInvariant(c) != char.ToLowerInvariant(c));

    public static string Containing(string text) =>
        $"%{text.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
}
