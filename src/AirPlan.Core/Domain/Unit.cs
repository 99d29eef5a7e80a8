namespace AirPlan.Core.Domain;

/// <summary>单位: a department (牵头/配合单位) or a township government/zone of a region.</summary>
public class Unit : IHasTimestamps
{
    public int Id { get; private set; }
    /// <summary>The region whose plans name this unit (the county/city whose government it belongs to).</summary>
    public int RegionId { get; private set; }
    public Region? Region { get; private set; }
    public string Name { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    /// <summary>For a township unit, the division row it governs.</summary>
    public int? TownshipRegionId { get; private set; }
    public Region? TownshipRegion { get; private set; }
    public List<UnitAlias> Aliases { get; private set; } = [];
    public uint Version { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private Unit() { }

    public static Unit Department(Region region, string name) =>
        new() { Region = region, Name = Require(name), Kind = UnitKind.Department };

    public static Unit Township(Region region, Region township) =>
        new() { Region = region, Name = township.Name, Kind = UnitKind.Township, TownshipRegion = township };

    public void AddAlias(string alias)
    {
        alias = alias.Trim();
        FieldLimits.Check(alias, FieldLimits.UnitName, "单位别名");
        if (alias.Length == 0 || alias == Name || Aliases.Any(a => a.Alias == alias)) return;
        Aliases.Add(new UnitAlias(this, alias));
    }

    /// <summary>Alias edits live in another table; bumping the stamp makes a concurrent edit of the same unit detectable.</summary>
    public void Touch() => UpdatedAt = UpdatedAt.AddTicks(1);

    public void RemoveAlias(string alias) => Aliases.RemoveAll(a => a.Alias == alias);

    /// <summary>Takes over another unit's names when the two are merged; the other unit's rows are the caller's to delete.</summary>
    public void AbsorbNamesOf(Unit other)
    {
        if (other.Id == Id) throw new DomainException("不能将单位与自身合并");
        if (other.Kind != Kind) throw new DomainException("部门与乡镇（街道）不能合并");
        AddAlias(other.Name);
        foreach (var alias in other.Aliases.Select(a => a.Alias).ToList()) AddAlias(alias);
    }

    public void Rename(string name)
    {
        name = Require(name);
        if (name == Name) return;
        var previous = Name;
        Aliases.RemoveAll(a => a.Alias == name);
        Name = name;
        AddAlias(previous);
    }

    private static string Require(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("单位名称不能为空");
        FieldLimits.Check(name, FieldLimits.UnitName, "单位名称");
        return name.Trim();
    }
}

public enum UnitKind
{
    /// <summary>部门: a government department or agency.</summary>
    Department,
    /// <summary>乡镇/街道/开发区 (or 县区 under a city plan): a subordinate area tied to its region row.</summary>
    Township,
}
