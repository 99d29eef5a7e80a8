using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Seeding;

/// <summary>Demo-only accounts for Development; their passwords are printed in README.md and must never exist in production.</summary>
public sealed class DemoAccounts(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IDbContextFactory<AppDbContext> dbFactory,
    ILogger<DemoAccounts> logger)
{
    public const string Password = "AirPlan@2025";

    private sealed record Demo(string UserName, string DisplayName, string Role, string? RegionName, string? UnitName);

    private static readonly Demo[] Accounts =
    [
        new("admin", "系统管理员", AppRoles.Admin, null, null),
        new("coordinator", "孟津区攻坚办 张督办", AppRoles.Coordinator, "孟津区", null),
        new("liaison-fgw", "区发展改革委 李联络", AppRoles.Liaison, null, "区发展改革委"),
        new("liaison-chengguan", "城关镇 王联络", AppRoles.Liaison, null, "城关镇"),
        new("leader", "孟津区 赵领导", AppRoles.Leader, "孟津区", null),
    ];

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        foreach (var role in AppRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mengjin = await db.Regions.FirstOrDefaultAsync(r => r.Name == "孟津区" && r.Level == RegionLevel.County, ct);
        foreach (var demo in Accounts)
        {
            if (await users.FindByNameAsync(demo.UserName) is not null) continue;
            var user = new AppUser { UserName = demo.UserName, DisplayName = demo.DisplayName, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded)
            {
                logger.LogWarning("演示账号 {User} 创建失败：{Errors}", demo.UserName, string.Join("；", created.Errors.Select(e => e.Description)));
                continue;
            }
            await users.AddToRoleAsync(user, demo.Role);
            if (demo.RegionName is not null && mengjin is not null)
                db.UserRegions.Add(new UserRegion { UserId = user.Id, RegionId = mengjin.Id });
            if (demo.UnitName is not null && mengjin is not null)
            {
                var unitId = await db.Units.Where(u => u.RegionId == mengjin.Id
                        && (u.Name == demo.UnitName || u.Aliases.Any(a => a.Alias == demo.UnitName)))
                    .Select(u => (int?)u.Id).FirstOrDefaultAsync(ct);
                if (unitId is { } id) db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = id });
                else logger.LogWarning("演示账号 {User} 未找到单位「{Unit}」", demo.UserName, demo.UnitName);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
