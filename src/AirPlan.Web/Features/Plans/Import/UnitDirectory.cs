using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>A region's units by name and alias, creating the ones a plan names for the first time.</summary>
public sealed class UnitDirectory
{
    private readonly AppDbContext _db;
    private readonly Region _region;
    private readonly Dictionary<string, Unit> _byName = new();
    private readonly Dictionary<int, Unit> _townshipsByRegion = new();

    private UnitDirectory(AppDbContext db, Region region)
    {
        _db = db;
        _region = region;
    }

    public static async Task<UnitDirectory> LoadAsync(AppDbContext db, Region region, CancellationToken ct)
    {
        var directory = new UnitDirectory(db, region);
        var units = await db.Units.Include(u => u.Aliases).Where(u => u.RegionId == region.Id).ToListAsync(ct);
        foreach (var unit in units) directory.Index(unit);
        return directory;
    }

    /// <summary>Alias → canonical name, to feed the parser the table people have curated.</summary>
    public IReadOnlyDictionary<string, string> AliasTable() =>
        _byName.Where(p => p.Key != p.Value.Name).ToDictionary(p => p.Key, p => p.Value.Name);

    /// <summary>The unit a name or alias already stands for, creating nothing: what the review marks as known or 新增.</summary>
    public Unit? Existing(string name) => Find(name);

    /// <summary>Every name and alias of the region's units, for near-match suggestions.</summary>
    public IEnumerable<string> KnownNames => _byName.Keys;

    public Unit Department(string name, IEnumerable<string> aliases)
    {
        var unit = Find(name) ?? aliases.Select(Find).FirstOrDefault(u => u is not null);
        if (unit is null)
        {
            unit = Unit.Department(_region, name);
            _db.Units.Add(unit);
        }
        if (unit.Name != name) unit.AddAlias(name);
        foreach (var alias in aliases) unit.AddAlias(alias);
        Index(unit);
        return unit;
    }

    public Unit Township(Region township)
    {
        if (_townshipsByRegion.TryGetValue(township.Id, out var existing)) return existing;
        var unit = Find(township.Name);
        if (unit is null || unit.Kind != UnitKind.Township)
        {
            unit = Unit.Township(_region, township);
            _db.Units.Add(unit);
        }
        _townshipsByRegion[township.Id] = unit;
        Index(unit);
        return unit;
    }

    private Unit? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    private void Index(Unit unit)
    {
        _byName[unit.Name] = unit;
        foreach (var alias in unit.Aliases) _byName.TryAdd(alias.Alias, unit);
        if (unit is { Kind: UnitKind.Township, TownshipRegionId: { } regionId }) _townshipsByRegion[regionId] = unit;
    }
}
