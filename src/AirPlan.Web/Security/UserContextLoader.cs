using System.Security.Claims;
using AirPlan.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Security;

/// <summary>Builds a <see cref="UserContext"/> from the database, so a rebinding takes effect on the user's next action.</summary>
public sealed class UserContextLoader(IDbContextFactory<AppDbContext> dbFactory, RegionTree regions)
{
    public async Task<UserContext> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? UserContext.Anonymous : await LoadAsync(userId, ct);
    }

    public async Task<UserContext> LoadAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).SingleOrDefaultAsync(ct);
        if (user is null) return UserContext.Anonymous;

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var units = await db.UserUnits.Where(uu => uu.UserId == userId).Select(uu => uu.UnitId).ToListAsync(ct);
        var regionRoots = await db.UserRegions.Where(ur => ur.UserId == userId).Select(ur => ur.RegionId).ToListAsync(ct);

        return new UserContext(user.Id, user.UserName ?? "", user.DisplayName, roles.ToHashSet(),
            units.ToHashSet(), await regions.WithDescendantsAsync(regionRoots, ct));
    }
}
