using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Notifications;

/// <summary>Who receives a message: the active liaisons of a unit, the active coordinators of a region (or of a region above it).</summary>
public static class Recipients
{
    /// <summary>Unit id → its active liaisons' user ids; units without a liaison are absent.</summary>
    public static async Task<Dictionary<int, List<string>>> LiaisonsOfUnitsAsync(AppDbContext db, IReadOnlyCollection<int> unitIds,
        CancellationToken ct = default)
    {
        var rows = await (from uu in db.UserUnits
                          join u in db.Users on uu.UserId equals u.Id
                          where unitIds.Contains(uu.UnitId) && !u.IsDisabled
                                && db.UserRoles.Any(ur => ur.UserId == u.Id
                                                          && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == AppRoles.Liaison))
                          select new { uu.UnitId, uu.UserId }).ToListAsync(ct);
        return rows.GroupBy(r => r.UnitId).ToDictionary(g => g.Key, g => g.Select(r => r.UserId).Distinct().ToList());
    }

    /// <summary>
    /// The coordinators who may act on a plan of <paramref name="regionId"/>: bound to it or to a region above it
    /// (the same reach <c>UserContextLoader</c> gives them, read upwards).
    /// </summary>
    public static async Task<List<string>> CoordinatorsOfRegionAsync(AppDbContext db, int regionId, CancellationToken ct = default)
    {
        var chain = new List<int>();
        int? current = regionId;
        while (current is int id && !chain.Contains(id))
        {
            chain.Add(id);
            current = await db.Regions.Where(r => r.Id == id).Select(r => r.ParentId).SingleOrDefaultAsync(ct);
        }

        return await (from ur in db.UserRegions
                      join u in db.Users on ur.UserId equals u.Id
                      where chain.Contains(ur.RegionId) && !u.IsDisabled
                            && db.UserRoles.Any(x => x.UserId == u.Id
                                                     && db.Roles.Any(r => r.Id == x.RoleId && r.Name == AppRoles.Coordinator))
                      select u.Id).Distinct().ToListAsync(ct);
    }
}
