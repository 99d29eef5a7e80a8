using System.Security.Claims;
using AirPlan.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Security;

/// <summary>Builds a <see cref="UserContext"/> from the database, so a rebinding takes effect on the user's next action.</summary>
public sealed class UserContextLoader(IDbContextFactory<AppDbContext> dbFactory, RegionTree regions, UserSessions sessions)
{
    /// <summary>
    /// The signed-in user of a request or circuit. A principal whose session was revoked (退出登录, 退出所有设备, password change,
    /// 停用) is anonymous here at once: a circuit opened before the revocation keeps its principal until the next
    /// revalidation, but every service call loads its user through this, so its next action is refused.
    /// </summary>
    public async Task<UserContext> LoadAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || !await sessions.IsActiveAsync(principal, ct)) return UserContext.Anonymous;
        return await LoadAsync(userId, ct);
    }

    /// <summary>The account <paramref name="userId"/> without a session check: for the system's own work and tests, never for a request's user.</summary>

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
