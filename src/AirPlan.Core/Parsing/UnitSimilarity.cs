namespace AirPlan.Core.Parsing;

/// <summary>
/// Which known unit a reviewer probably meant by a name nobody has used yet (核对: 区住建局 / 住建局 / 孟津区住建局 are one
/// unit). Looser than the parser's own merge (<see cref="UnitNormalizer.SameUnit"/>, which it includes): it only suggests,
/// a person decides. The one place this rule lives.
/// </summary>
public static class UnitSimilarity
{
    private static readonly string[] LevelPrefixes = ["示范区", "区", "县", "市"];

    /// <summary>Up to <paramref name="max"/> candidates near <paramref name="name"/>, closest first; never the name itself.</summary>
    public static IReadOnlyList<string> Suggestions(string name, IEnumerable<string> candidates, int max = 3) =>
        candidates.Where(c => c != name)
            .Select(c => (Name: c, Distance: Distance(name, c)))
            .Where(c => c.Distance is not null)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name.Length).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).Distinct().Take(max).ToList();

    public static bool IsNear(string a, string b) => Distance(a, b) is not null;

    /// <summary>
    /// Stricter than <see cref="IsNear"/>: the same unit written another way — the parser's own same-unit rule, or the same
    /// department with and without its place or level (住建局 / 区住建局 / 孟津区住建局), but never two levels
    /// (区住建局 / 市住建局 are two units). What the review counts as a correction a person would make (ReviewFindings).
    /// </summary>
    public static bool IsVariant(string a, string b)
    {
        a = a.Trim();
        b = b.Trim();
        if (a.Length == 0 || b.Length == 0 || a == b) return false;
        if (UnitNormalizer.SameUnit(a, b)) return true;
        var (sa, sb) = (Stem(a), Stem(b));
        if (sa != sb || sa.Length < 3) return false;
        var (la, lb) = (LevelOf(a[..^sa.Length]), LevelOf(b[..^sb.Length]));
        return la.Length == 0 || lb.Length == 0 || la == lb;
    }

    private static string LevelOf(string prefix) => LevelPrefixes.FirstOrDefault(prefix.EndsWith) ?? "";

    /// <summary>How far apart two names are when they are near (smaller is closer), or null when they are not.</summary>
    private static int? Distance(string a, string b)
    {
        a = a.Trim();
        b = b.Trim();
        if (a.Length == 0 || b.Length == 0) return null;
        if (UnitNormalizer.SameUnit(a, b)) return 0;
        var (sa, sb) = (Stem(a), Stem(b));
        // The same department with and without its level or place: 住建局 / 区住建局 / 孟津区住建局.
        if (sa == sb) return 1;
        var (shorter, longer) = sa.Length <= sb.Length ? (sa, sb) : (sb, sa);
        if (shorter.Length >= 3 && longer.Contains(shorter)) return 2 + longer.Length - shorter.Length;
        // A typo: one character in a short name, two in a long one.
        var edits = UnitNormalizer.EditDistance(sa, sb);
        var allowed = Math.Min(sa.Length, sb.Length) >= 7 ? 2 : Math.Min(sa.Length, sb.Length) >= 4 ? 1 : 0;
        return edits <= allowed ? 10 + edits : null;
    }

    /// <summary>The name without a leading place (孟津区) or level (区/县/市), not mistaking 市场监管局 for a 市 unit.</summary>
    private static string Stem(string name)
    {
        foreach (var level in LevelPrefixes)
        {
            var at = name.IndexOf(level, StringComparison.Ordinal);
            // 孟津区住建局 → 住建局 (a place of up to four characters before the level); 区住建局 → 住建局.
            if (at is >= 0 and <= 4 && name.Length - at - level.Length >= 2 && !name[at..].StartsWith("市场"))
                return name[(at + level.Length)..];
        }
        return name;
    }
}
