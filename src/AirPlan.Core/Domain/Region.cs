namespace AirPlan.Core.Domain;

/// <summary>行政区划: a node of the division tree (province → city → county → township), plus zones people add.</summary>
public class Region
{
    public int Id { get; private set; }
    /// <summary>National Bureau of Statistics code; zones added in the app get a code derived from their parent.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public RegionLevel Level { get; private set; }
    public int? ParentId { get; private set; }
    public Region? Parent { get; private set; }
    public List<Region> Children { get; private set; } = [];

    private Region() { }

    public Region(string code, string name, RegionLevel level, Region? parent)
    {
        Code = code;
        Name = name;
        Level = level;
        Parent = parent;
    }

    /// <summary>Adds a management zone (开发区/示范区/管委会) that the official list lacks.</summary>
    public Region AddZone(string name)
    {
        name = name.Trim();
        if (name.Length == 0) throw new DomainException("区域名称不能为空");
        // A zone is also a unit of the same name, so the unit's limit applies (it is the shorter or equal one).
        FieldLimits.Check(name, Math.Min(FieldLimits.UnitName, FieldLimits.RegionName), "区域名称");
        if (Children.Any(c => c.Name == name)) throw new DomainException($"「{Name}」下已有「{name}」");
        var sequence = Children.Count(c => c.Level == RegionLevel.Zone) + 1;
        var zone = new Region($"{Code}-Z{sequence:D2}", name, RegionLevel.Zone, this);
        Children.Add(zone);
        return zone;
    }

    /// <summary>Levels that count as a subordinate area (乡镇/街道/开发区, or 县区 under a city) of this region.</summary>
    public static bool IsSubordinateLevel(RegionLevel parentLevel, RegionLevel childLevel) => parentLevel switch
    {
        RegionLevel.City => childLevel is RegionLevel.County or RegionLevel.Zone,
        RegionLevel.County => childLevel is RegionLevel.Township or RegionLevel.Subdistrict or RegionLevel.Zone or RegionLevel.Other,
        _ => false,
    };
}

public enum RegionLevel
{
    Province,
    City,
    County,
    Subdistrict,
    Township,
    /// <summary>A management zone added in the app (开发区、示范区).</summary>
    Zone,
    Other,
}
