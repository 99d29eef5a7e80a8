using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>Finds the division a plan governs from the name the document uses (济源产城融合示范区 → 济源市).</summary>
public static class RegionResolver
{
    private static readonly string[] Suffixes = ["产城融合示范区", "示范区", "市", "区", "县"];

    public static async Task<Region?> ResolveAsync(AppDbContext db, string? writtenName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(writtenName)) return null;
        var name = writtenName.Trim();
        var levels = new[] { RegionLevel.City, RegionLevel.County };

        var exact = await db.Regions.Where(r => r.Name == name && levels.Contains(r.Level)).ToListAsync(ct);
        if (exact.Count == 1) return exact[0];

        var stem = Suffixes.Where(name.EndsWith).Select(s => name[..^s.Length]).FirstOrDefault(s => s.Length >= 2);
        if (stem is null) return null;
        var byStem = await db.Regions.Where(r => r.Name.StartsWith(stem) && levels.Contains(r.Level)).ToListAsync(ct);
        // A city and its same-named county (济源市) can both match; the most local one is the plan's.
        return byStem.Count == 0 ? null : byStem.OrderByDescending(r => r.Level == RegionLevel.County).ThenBy(r => r.Name.Length).First();
    }

    /// <summary>The areas that carry out 'all townships' tasks: 乡镇/街道/开发区 of a county, 县区 of a city.</summary>
    public static async Task<List<Region>> SubordinatesAsync(AppDbContext db, Region region, CancellationToken ct)
    {
        await db.Entry(region).Collection(r => r.Children).LoadAsync(ct);
        return Subordinates(region);
    }

    /// <summary>
    /// What the parser is given about a known region: its units' curated aliases, and the names of the areas below it, so a
    /// government of one of them named in a unit block reads as where the task is carried out (Core SubordinateAreas).
    /// </summary>
    public static async Task<PlanParserOptions> ParserOptionsAsync(AppDbContext db, Region region, UnitDirectory units, CancellationToken ct) =>
        new() { UnitAliases = units.AliasTable(), Subdivisions = (await SubordinatesAsync(db, region, ct)).Select(r => r.Name).ToList() };

    /// <summary>The same from a region whose children are loaded.</summary>
    public static List<Region> Subordinates(Region region) =>
        region.Children.Where(c => Region.IsSubordinateLevel(region.Level, c.Level)).OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
}
