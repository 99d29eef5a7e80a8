using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Seeding;

/// <summary>Loads the division list (code,name,level,parent_code) once, as a tree.</summary>
public static class RegionSeeder
{
    public static async Task<int> SeedAsync(AppDbContext db, string csvPath, CancellationToken ct = default)
    {
        if (await db.Regions.AnyAsync(ct)) return 0;
        var byCode = new Dictionary<string, Region>();
        var rows = (await File.ReadAllLinesAsync(csvPath, ct)).Skip(1)
            .Select(line => line.Split(','))
            .Where(fields => fields.Length >= 4 && fields[0].Length > 0)
            // Parents first, whatever order the file has.
            .OrderBy(fields => ParseLevel(fields[2]) switch { RegionLevel.Province => 0, RegionLevel.City => 1, RegionLevel.County => 2, _ => 3 });
        foreach (var fields in rows)
        {
            var parent = fields[3].Trim() is { Length: > 0 } parentCode ? byCode.GetValueOrDefault(parentCode) : null;
            byCode[fields[0]] = new Region(fields[0].Trim(), fields[1].Trim(), ParseLevel(fields[2]), parent);
        }
        db.Regions.AddRange(byCode.Values);
        await db.SaveChangesAsync(ct);
        return byCode.Count;
    }

    private static RegionLevel ParseLevel(string level) => level.Trim() switch
    {
        "province" => RegionLevel.Province,
        "city" => RegionLevel.City,
        "county" => RegionLevel.County,
        "subdistrict" => RegionLevel.Subdistrict,
        "township" => RegionLevel.Township,
        _ => RegionLevel.Other,
    };
}
