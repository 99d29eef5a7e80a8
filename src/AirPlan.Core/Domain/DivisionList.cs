namespace AirPlan.Core.Domain;

/// <summary>One row of the division list (seeds/china-divisions.csv.gz): code,name,level,parent_code.</summary>
public sealed record DivisionRow(string Code, string Name, RegionLevel Level, string ParentCode);

/// <summary>
/// Reads the division list the way it is checked in (seeds/divisions/convert.mjs writes it): a header, then one row per
/// division, parents before or after their children. Kept apart from the loader so the rows can be read without a database.
/// </summary>
public static class DivisionList
{
    public static IEnumerable<DivisionRow> Read(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header is null) yield break;
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            if (fields.Length < 4 || fields[0].Trim().Length == 0) continue;
            yield return new DivisionRow(fields[0].Trim(), fields[1].Trim(), ParseLevel(fields[2]), fields[3].Trim());
        }
    }

    /// <summary>Levels loaded at first start; townships (乡镇、街道 and the like) come per county when needed.</summary>
    public static bool IsUpperLevel(RegionLevel level) => level is RegionLevel.Province or RegionLevel.City or RegionLevel.County;

    public static RegionLevel ParseLevel(string level) => level.Trim() switch
    {
        "province" => RegionLevel.Province,
        "city" => RegionLevel.City,
        "county" => RegionLevel.County,
        "subdistrict" => RegionLevel.Subdistrict,
        "township" => RegionLevel.Township,
        _ => RegionLevel.Other,
    };
}
