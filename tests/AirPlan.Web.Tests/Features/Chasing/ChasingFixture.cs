using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>Real accounts bound to a unit or region, so the messages go through the real recipients' queries.</summary>
internal static class ChasingAccounts
{
    public static async Task<AppUser> CreateAsync(WorkDatabase db, string role, int? unitId = null, int? regionId = null)
    {
        using var scope = db.Host.Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"{role}-{Guid.NewGuid():N}"[..24], DisplayName = $"测试{AppRoles.Title(role)}" };
        var created = await users.CreateAsync(user, SignIn.DemoPassword);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        await using var context = db.CreateDbContext();
        if (unitId is { } unit) context.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = unit });
        if (regionId is { } region) context.UserRegions.Add(new UserRegion { UserId = user.Id, RegionId = region });
        await context.SaveChangesAsync();
        return user;
    }

    /// <summary>Messages about one assignment, as (kind, user) pairs.</summary>
    public static async Task<List<(string Kind, string UserId)>> MessagesAsync(WorkDatabase db, int assignmentId)
    {
        await using var context = db.CreateDbContext();
        return (await context.Notifications.Where(n => n.AssignmentId == assignmentId).OrderBy(n => n.Id)
            .Select(n => new { n.Kind, n.UserId }).ToListAsync()).Select(n => (n.Kind, n.UserId)).ToList();
    }

    /// <summary>A Mengjin department's lead assignment on a task with exactly one deadline, not used by another test of the class.</summary>
    public static async Task<(Assignment Assignment, DateOnly Due)> OneDeadlineAssignmentAsync(WorkDatabase db, ISet<int> used)
    {
        await using var context = db.CreateDbContext();
        var candidates = await context.Assignments.AsNoTracking()
            .Where(a => a.Task!.Plan!.RegionId == db.MengjinRegionId && a.Unit!.Kind == UnitKind.Department && a.Role == AssignmentRole.Lead
                        && a.Task.Milestones.Count == 1 && a.Task.Milestones.All(m => m.DueOn >= new DateOnly(2025, 3, 1)))
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, Due = a.Task!.Milestones.Select(m => m.DueOn).Single() })
            .ToListAsync();
        var pick = candidates.First(c => used.Add(c.Id));
        return (await context.Assignments.AsNoTracking().Include(a => a.Task!).ThenInclude(t => t.Milestones).Include(a => a.Task!).ThenInclude(t => t.Plan)
            .SingleAsync(a => a.Id == pick.Id), pick.Due);
    }
}
