using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Security;

/// <summary>Parent links of all regions, cached: a scope of "the province" must expand to thousands of descendants per request.</summary>
public sealed class RegionTree(IDbContextFactory<AppDbContext> dbFactory)
{
    private volatile Dictionary<int, List<int>>? _children;

    public async Task<HashSet<int>> WithDescendantsAsync(IEnumerable<int> roots, CancellationToken ct = default)
    {
        var children = _children ??= await LoadAsync(ct);
        var result = new HashSet<int>();
        var stack = new Stack<int>(roots);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!result.Add(id)) continue;
            foreach (var child in children.GetValueOrDefault(id) ?? []) stack.Push(child);
        }
        return result;
    }

    /// <summary>Call after adding or moving regions (zones).</summary>
    public void Invalidate() => _children = null;

    private async Task<Dictionary<int, List<int>>> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var links = await db.Regions.Where(r => r.ParentId != null).Select(r => new { r.Id, ParentId = r.ParentId!.Value }).ToListAsync(ct);
        return links.GroupBy(l => l.ParentId).ToDictionary(g => g.Key, g => g.Select(l => l.Id).ToList());
    }
}
