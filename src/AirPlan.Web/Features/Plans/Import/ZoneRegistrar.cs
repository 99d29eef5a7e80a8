using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>
/// Adds the management zones a plan names as carrying out work (高新技术产业开发区) when the division list lacks them:
/// the plan is the authority that the zone exists, and without a row it could not be assigned.
/// </summary>
public static class ZoneRegistrar
{
    private static readonly string[] ZoneSuffixes = ["开发区", "示范区", "产业集聚区", "管委会", "园区"];

    public static async Task<List<ImportProblem>> AddZonesNamedInAsync(AppDbContext db, Region region, ParsedPlan parsed, CancellationToken ct)
    {
        var subordinates = await RegionResolver.SubordinatesAsync(db, region, ct);
        var added = new List<ImportProblem>();
        var named = parsed.Tasks.SelectMany(t => t.Subitems.Prepend(t))
            .Where(t => t.Townships.Kind == TownshipScopeKind.Named)
            .SelectMany(t => t.Townships.Names.Select(name => (Name: name.Trim(), t.Line)))
            .DistinctBy(n => n.Name);
        foreach (var (name, line) in named)
        {
            if (!ZoneSuffixes.Any(name.EndsWith)) continue;
            if (subordinates.Any(r => r.Name == name || r.Name.EndsWith(name) || name.EndsWith(r.Name))) continue;
            var zone = region.AddZone(name);
            subordinates.Add(zone);
            added.Add(new ImportProblem(line, $"区划表中没有「{name}」，已作为开发区（园区）添加到「{region.Name}」下"));
        }
        return added;
    }
}
