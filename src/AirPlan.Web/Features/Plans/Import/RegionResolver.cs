using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>What a written region name came to: the one region, or else the places it could be (the review then asks).</summary>
public sealed record RegionLookup(Region? Region, IReadOnlyList<string> Candidates);

/// <summary>
/// Finds the division a plan governs from the name the document uses (济源产城融合示范区 → 济源市), among the national list.
/// Where the name is not unique (朝阳区 is in 北京 and 长春), the province and city words around it (the title, the issuer)
/// decide; when they do not, nothing is chosen.
/// </summary>
public static class RegionResolver
{
    private static readonly string[] Suffixes = ["产城融合示范区", "示范区", "市", "区", "县"];
    private static readonly RegionLevel[] Levels = [RegionLevel.City, RegionLevel.County];

    /// <summary>How a province or city is also written: 四川省 as 四川, 广西壮族自治区 as 广西, 恩施土家族苗族自治州 as 恩施.</summary>
    private static readonly string[] AreaSuffixes =
        ["维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "地区", "盟", "省", "市"];

    /// <summary>Rows of the list that group counties under a province (市辖区, 省直辖县级行政区划) and are nobody's name for a place.</summary>
    public static readonly string[] Groupings = ["市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"];

    public static async Task<Region?> ResolveAsync(AppDbContext db, string? writtenName, CancellationToken ct) =>
        (await LookUpAsync(db, writtenName, null, ct)).Region;

    /// <param name="context">The document's own words around the name (title and issuer: 北京市朝阳区…, 长春市朝阳区人民政府).</param>
    public static async Task<RegionLookup> LookUpAsync(AppDbContext db, string? writtenName, string? context, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(writtenName)) return new RegionLookup(null, []);
        var name = writtenName.Trim();

        var candidates = await WithParents(db).Where(r => r.Name == name && Levels.Contains(r.Level)).ToListAsync(ct);
        if (candidates.Count == 0
            && Suffixes.Where(name.EndsWith).Select(s => name[..^s.Length]).FirstOrDefault(s => s.Length >= 2) is { } stem)
            candidates = await WithParents(db).Where(r => r.Name.StartsWith(stem) && Levels.Contains(r.Level)).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            // Region words run together where the parser cannot split them (恩施土家族苗族自治州恩施市): the longest official
            // name the written one ends with.
            var endings = await WithParents(db)
                .Where(r => Levels.Contains(r.Level) && r.Name.Length >= 2 && name.EndsWith(r.Name) && !Groupings.Contains(r.Name))
                .ToListAsync(ct);
            candidates = endings.Where(r => r.Name.Length == endings.Max(e => e.Name.Length)).ToList();
        }
        return Choose(candidates, $"{context} {name}");
    }

    /// <summary>
    /// The region a text names anywhere in it (an Excel ledger's title: 洛阳市新安县2025年…台账 → 新安县): the most local name
    /// it contains, told apart from same-named places by the rest of the text.
    /// </summary>
    public static async Task<RegionLookup> LookUpInTextAsync(AppDbContext db, string text, CancellationToken ct)
    {
        var contained = await WithParents(db)
            .Where(r => Levels.Contains(r.Level) && r.Name.Length >= 2 && text.Contains(r.Name) && !Groupings.Contains(r.Name))
            .ToListAsync(ct);
        // A name inside a longer one found in the text (城区 in 老城区) is not meant; a city above a county found is the county's address.
        var meant = contained
            .Where(r => !contained.Any(o => o.Name.Length > r.Name.Length && o.Name.Contains(r.Name)))
            .Where(r => !contained.Any(o => o.Name != r.Name && IsAncestorOf(r, o)))
            .ToList();
        return Choose(meant, text);
    }

    private static IQueryable<Region> WithParents(AppDbContext db) => db.Regions.Include(r => r.Parent).ThenInclude(p => p!.Parent);

    private static RegionLookup Choose(List<Region> candidates, string context)
    {
        if (candidates.Count == 0) return new RegionLookup(null, []);
        var scored = candidates.Select(r => (Region: r, Score: Ancestors(r).Count(a => Mentions(context, a.Name)))).ToList();
        var best = scored.Max(s => s.Score);
        var top = scored.Where(s => s.Score == best).Select(s => s.Region).ToList();
        // A city and its same-named county (济源市, 嘉峪关市) are one place to a plan, and the most local one is the plan's.
        var local = top.OrderByDescending(r => Ancestors(r).Count()).ThenByDescending(r => r.Level == RegionLevel.County)
            .ThenBy(r => r.Name.Length).First();
        return top.All(r => r == local || IsAncestorOf(r, local))
            ? new RegionLookup(local, [])
            : new RegionLookup(null, top.Select(FullName).Order(StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<Region> Ancestors(Region region)
    {
        for (var r = region.Parent; r is not null; r = r.Parent)
            if (!Groupings.Contains(r.Name)) yield return r;
    }

    private static bool IsAncestorOf(Region? ancestor, Region region)
    {
        if (ancestor is null) return false;
        for (var r = region.Parent; r is not null; r = r.Parent)
            if (r.Id == ancestor.Id) return true;
        return false;
    }

    private static bool Mentions(string context, string areaName)
    {
        if (context.Contains(areaName)) return true;
        var stem = AreaSuffixes.Where(areaName.EndsWith).Select(s => areaName[..^s.Length]).FirstOrDefault(s => s.Length >= 2);
        return stem is not null && context.Contains(stem);
    }

    /// <summary>北京市朝阳区, 吉林省长春市朝阳区: how the review and the import's message tell the candidates apart.</summary>
    public static string FullName(Region region) => Parents(region) + region.Name;

    /// <summary>Where a region lies, without the list's groupings: 北京市, 吉林省长春市 (its parents must be loaded).</summary>
    public static string Parents(Region region) => string.Concat(Ancestors(region).Reverse().Select(a => a.Name));

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
