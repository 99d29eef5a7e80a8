using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>A region as the search box offers it: its name and where it lies, so the two 朝阳区 are told apart.</summary>
/// <param name="Parents">北京市, 吉林省长春市; empty for a province.</param>
public sealed record RegionChoice(int Id, string Name, string Parents)
{
    /// <summary>朝阳区 — 北京市: what the list and the box show.</summary>
    public string Label => Parents.Length == 0 ? Name : $"{Name} — {Parents}";
}

/// <summary>
/// 选择地区 among the national list's ~3,300 provinces, cities and counties (docs/decisions/035-region-search.md): a fragment
/// of a name or statistics code, at least two characters, answered in PostgreSQL with a few rows. The caller's service passes
/// the regions its actor may choose (Visibility), so the box never offers one the save would refuse; the save still checks.
/// </summary>
public static class RegionSearch
{
    public const int MinCharacters = 2;
    public const int Limit = 20;

    /// <summary>What a plan can govern (导入方案, 台账).</summary>
    public static readonly RegionLevel[] PlanLevels = [RegionLevel.City, RegionLevel.County];

    /// <summary>What a coordinator or leader can be bound to: a province-level leader sees every county below.</summary>
    public static readonly RegionLevel[] ScopeLevels = [RegionLevel.Province, RegionLevel.City, RegionLevel.County];

    /// <summary>
    /// The regions among <paramref name="allowed"/> whose name or code contains the text: an exact name first, then names
    /// that start with it, larger regions before smaller, then by code. Townships are never searched (nor loaded for it).
    /// </summary>
    public static async Task<IReadOnlyList<RegionChoice>> FindAsync(IQueryable<Region> allowed, string? text,
        IReadOnlyCollection<RegionLevel> levels, CancellationToken ct = default)
    {
        text = text?.Trim() ?? "";
        // One character matches a third of the country; the box asks for two before it searches.
        if (text.Length < MinCharacters) return [];
        var found = await allowed.AsNoTracking()
            .Where(r => levels.Contains(r.Level) && !RegionResolver.Groupings.Contains(r.Name) && (r.Name.Contains(text) || r.Code.Contains(text)))
            .OrderBy(r => r.Name == text ? 0 : r.Name.StartsWith(text) ? 1 : 2)
            .ThenBy(r => r.Level == RegionLevel.Province ? 0 : r.Level == RegionLevel.City ? 1 : 2)
            .ThenBy(r => r.Code)
            .Take(Limit)
            .Include(r => r.Parent).ThenInclude(p => p!.Parent)
            .ToListAsync(ct);
        return found.Select(Choice).ToList();
    }

    /// <summary>Where a page with a region box opens: the first of <paramref name="allowed"/> by name (then code); null when there is none.</summary>
    public static async Task<RegionChoice?> FirstAsync(AppDbContext db, IQueryable<Region> allowed, CancellationToken ct = default)
    {
        var first = await allowed.OrderBy(r => r.Name).ThenBy(r => r.Code).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return await DescribeAsync(db, first, ct);
    }

    /// <summary>The choice for a region already chosen (the value a page stores), or null.</summary>
    public static async Task<RegionChoice?> DescribeAsync(AppDbContext db, int? regionId, CancellationToken ct = default) =>
        regionId is not { } id ? null
        : await db.Regions.AsNoTracking().Include(r => r.Parent).ThenInclude(p => p!.Parent).SingleOrDefaultAsync(r => r.Id == id, ct) is { } region
            ? Choice(region) : null;

    /// <summary>From a region whose parent and grandparent are loaded.</summary>
    public static RegionChoice Choice(Region region) => new(region.Id, region.Name, RegionResolver.Parents(region));
}
