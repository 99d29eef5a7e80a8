using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>
/// 账号管理 for system admins: open accounts with a one-time password, disable/enable, reset passwords, rebind units and regions.
/// Every method checks the actor first and writes one history row with the change, in the same commit.
/// Each call works in its own scope (UserManager and its context), so a Blazor circuit never holds a context.
/// </summary>
public sealed class AccountAdminService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock,
    UserSessions sessions)
{
    public const string EntityType = "account";

    /// <summary>What the history keeps of an account: never a password or hash.</summary>
    public sealed record AccountSnapshot(string UserName, string DisplayName, string Role, IReadOnlyList<string> Units,
        IReadOnlyList<string> Regions, bool IsDisabled, bool MustChangePassword);

    public async Task<IReadOnlyList<AccountRow>> ListAsync(UserContext actor, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.IsDisabled, u.MustChangePassword, u.LockoutEnd }).ToListAsync(ct);
        var roles = (await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Name ?? "");
        var units = (await UnitBindingsAsync(db.UserUnits, ct)).ToLookup(u => u.UserId, u => u.Option);
        var regions = (await RegionBindingsAsync(db.UserRegions, ct)).ToLookup(r => r.UserId, r => r.Option);
        var changed = await db.AuditEntries.Where(a => a.EntityType == EntityType).GroupBy(a => a.EntityId)
            .Select(g => new { Id = g.Key, At = g.Max(a => a.At) }).ToDictionaryAsync(x => x.Id, x => x.At, ct);
        var now = clock.GetUtcNow();
        return users.Select(u => new AccountRow(u.Id, u.UserName ?? "", u.DisplayName, roles[u.Id].FirstOrDefault() ?? "",
                units[u.Id].ToList(), regions[u.Id].ToList(), u.IsDisabled, u.MustChangePassword, u.LockoutEnd > now,
                changed.TryGetValue(u.Id, out var at) ? at : null))
            .ToList();
    }

    /// <summary>Units whose name or alias contains the text, optionally only those of one region (县区).</summary>
    public async Task<IReadOnlyList<BindingOption>> SearchUnitsAsync(UserContext actor, string? text, int? regionId = null, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        text = text?.Trim() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Units.AsQueryable();
        if (regionId is { } r) query = query.Where(u => u.RegionId == r);
        if (text.Length > 0) query = query.Where(u => u.Name.Contains(text) || u.Aliases.Any(a => a.Alias.Contains(text)));
        return await UnitOptionsAsync(query.OrderBy(u => u.Name.Length).ThenBy(u => u.Name).Take(20), ct);
    }

    /// <summary>Provinces, cities and counties (what a coordinator or leader is bound to) by name or code, where each lies.</summary>
    public async Task<IReadOnlyList<RegionChoice>> SearchRegionsAsync(UserContext actor, string? text, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RegionSearch.FindAsync(db.Regions, text, RegionSearch.ScopeLevels, ct);
    }

    public async Task<CreatedAccount> CreateAsync(UserContext actor, NewAccount input, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        var userName = input.UserName.Trim();
        var displayName = input.DisplayName.Trim();
        if (userName.Length == 0) throw new DomainException("请输入用户名");
        if (displayName.Length == 0) throw new DomainException("请输入姓名");
        FieldLimits.Check(userName, FieldLimits.AccountUserName, "用户名");
        FieldLimits.Check(displayName, FieldLimits.PersonName, "姓名");
        if (!AppRoles.All.Contains(input.Role)) throw new DomainException("请选择角色");
        var (unitIds, regionIds) = CheckBindings(input.Role, input.UnitIds, input.RegionIds);

        // Identity saves several times: after a dropped connection the whole creation runs again in a new scope (new context,
        // new temporary password), its uncommitted first try gone with the rolled-back transaction.
        await using var outer = scopes.CreateAsyncScope();
        return await outer.ServiceProvider.GetRequiredService<AppDbContext>().Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            if (!await roles.RoleExistsAsync(input.Role)) Check(await roles.CreateAsync(new IdentityRole(input.Role)));
            var user = new AppUser { UserName = userName, DisplayName = displayName, MustChangePassword = true, EmailConfirmed = true };
            var password = TemporaryPassword.Generate();
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRoleAsync(user, input.Role));
            await BindAsync(db, user.Id, unitIds, regionIds, ct);
            await db.SaveChangesAsync(ct);

            var after = await SnapshotAsync(db, user, ct);
            db.Audit(actor, clock.GetUtcNow(), "account.create", EntityType, user.Id, null,
                $"创建账号 {userName}（{displayName}，{AppRoles.Title(input.Role)}{BindingSummary(after)}），并生成临时密码", null, after);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new CreatedAccount(user.Id, userName, password);
        }, ct);
    }

    /// <summary>停用: the account can no longer sign in, and its open sessions end at once.</summary>
    public async Task DisableAsync(UserContext actor, string userId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        if (userId == actor.UserId) throw new DomainException("不能停用自己的账号");
        await ChangeAsync(userId, async (users, db, user, before) =>
        {
            if (user.IsDisabled) return false;
            user.IsDisabled = true;
            db.Audit(actor, clock.GetUtcNow(), "account.disable", EntityType, user.Id, null,
                $"停用账号 {user.UserName}（{user.DisplayName}）", before, before with { IsDisabled = true });
            // Sessions first: should the save below fail, the user has merely to sign in again, never the other way round.
            await sessions.RevokeAllAsync(db, user.Id, ct: ct);
            Check(await users.UpdateSecurityStampAsync(user));
            return true;
        }, ct);
    }

    public async Task EnableAsync(UserContext actor, string userId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        await ChangeAsync(userId, async (users, db, user, before) =>
        {
            if (!user.IsDisabled) return false;
            user.IsDisabled = false;
            db.Audit(actor, clock.GetUtcNow(), "account.enable", EntityType, user.Id, null,
                $"启用账号 {user.UserName}（{user.DisplayName}）", before, before with { IsDisabled = false });
            Check(await users.UpdateAsync(user));
            return true;
        }, ct);
    }

    /// <summary>重置密码: a new one-time password (returned once), a lifted lockout, and every session of the account ended.</summary>
    public async Task<string> ResetPasswordAsync(UserContext actor, string userId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        var password = TemporaryPassword.Generate();
        await ChangeAsync(userId, async (users, db, user, before) =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            user.MustChangePassword = true;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            db.Audit(actor, clock.GetUtcNow(), "account.reset-password", EntityType, user.Id, null,
                $"重置账号 {user.UserName}（{user.DisplayName}）的密码为临时密码", before, before with { MustChangePassword = true });
            // The old password may be known to someone else: every session ends now, not at the next stamp check.
            await sessions.RevokeAllAsync(db, user.Id, ct: ct);
            // Saves the user (new hash and stamp) and the history row together.
            Check(await users.ResetPasswordAsync(user, token, password));
            return true;
        }, ct);
        return password;
    }

    /// <summary>重新绑定: a liaison's units, or a coordinator's or leader's regions; takes effect on the user's next action.</summary>
    public async Task RebindAsync(UserContext actor, string userId, IReadOnlyCollection<int> unitIds, IReadOnlyCollection<int> regionIds,
        CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageAccounts(actor);
        await ChangeAsync(userId, async (_, db, user, before) =>
        {
            var (units, regions) = CheckBindings(before.Role, unitIds, regionIds);
            db.UserUnits.RemoveRange(await db.UserUnits.Where(u => u.UserId == user.Id).ToListAsync(ct));
            db.UserRegions.RemoveRange(await db.UserRegions.Where(r => r.UserId == user.Id).ToListAsync(ct));
            await BindAsync(db, user.Id, units, regions, ct);
            var after = before with
            {
                Units = (await UnitOptionsAsync(db.Units.Where(u => units.Contains(u.Id)), ct)).Select(u => u.Label).Order().ToList(),
                Regions = (await RegionOptionsAsync(db.Regions.Where(r => regions.Contains(r.Id)), ct)).Select(r => r.Label).Order().ToList(),
            };
            if (after.Units.SequenceEqual(before.Units) && after.Regions.SequenceEqual(before.Regions)) return false;
            db.Audit(actor, clock.GetUtcNow(), "account.rebind", EntityType, user.Id, null,
                $"重新绑定账号 {user.UserName}（{user.DisplayName}）：{BindingSummary(after).TrimStart('，')}", before, after);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>Loads the user in a fresh scope and runs one change; the change saves (through UserManager or the context).</summary>
    private async Task ChangeAsync(string userId, Func<UserManager<AppUser>, AppDbContext, AppUser, AccountSnapshot, Task<bool>> change,
        CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException("账号不存在或已被删除");
        await change(users, db, user, await SnapshotAsync(db, user, ct));
    }

    private static (IReadOnlyList<int> Units, IReadOnlyList<int> Regions) CheckBindings(string role, IEnumerable<int> unitIds, IEnumerable<int> regionIds)
    {
        var units = unitIds.Distinct().ToList();
        var regions = regionIds.Distinct().ToList();
        return role switch
        {
            AppRoles.Liaison when units.Count == 0 => throw new DomainException("联络员至少需要绑定一个责任单位"),
            AppRoles.Liaison => (units, []),
            AppRoles.Coordinator or AppRoles.Leader when regions.Count == 0 => throw new DomainException($"{AppRoles.Title(role)}至少需要绑定一个地区"),
            AppRoles.Coordinator or AppRoles.Leader => ([], regions),
            _ => ([], []),
        };
    }

    private static async Task BindAsync(AppDbContext db, string userId, IReadOnlyList<int> unitIds, IReadOnlyList<int> regionIds, CancellationToken ct)
    {
        if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), ct) != unitIds.Count) throw new DomainException("所选单位不存在，请重新选择");
        if (await db.Regions.CountAsync(r => regionIds.Contains(r.Id), ct) != regionIds.Count) throw new DomainException("所选地区不存在，请重新选择");
        db.UserUnits.AddRange(unitIds.Select(id => new UserUnit { UserId = userId, UnitId = id }));
        db.UserRegions.AddRange(regionIds.Select(id => new UserRegion { UserId = userId, RegionId = id }));
    }

    private static async Task<AccountSnapshot> SnapshotAsync(AppDbContext db, AppUser user, CancellationToken ct)
    {
        var role = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefaultAsync(ct);
        var units = await UnitBindingsAsync(db.UserUnits.Where(uu => uu.UserId == user.Id), ct);
        var regions = await RegionBindingsAsync(db.UserRegions.Where(ur => ur.UserId == user.Id), ct);
        return new AccountSnapshot(user.UserName ?? "", user.DisplayName, role ?? "", units.Select(u => u.Option.Label).Order().ToList(),
            regions.Select(r => r.Option.Label).Order().ToList(), user.IsDisabled, user.MustChangePassword);
    }

    private static async Task<List<(string UserId, BindingOption Option)>> UnitBindingsAsync(IQueryable<UserUnit> bindings, CancellationToken ct) =>
        (await bindings.Select(b => new { b.UserId, b.UnitId, b.Unit!.Name, Region = b.Unit.Region!.Name }).ToListAsync(ct))
        .Select(b => (b.UserId, new BindingOption(b.UnitId, UnitLabel(b.Name, b.Region)))).ToList();

    private static async Task<List<(string UserId, BindingOption Option)>> RegionBindingsAsync(IQueryable<UserRegion> bindings, CancellationToken ct) =>
        (await bindings.AsNoTracking().Include(b => b.Region!).ThenInclude(r => r.Parent!).ThenInclude(p => p.Parent).ToListAsync(ct))
        .Select(b => (b.UserId, RegionOption(b.Region!))).ToList();

    private static async Task<List<BindingOption>> UnitOptionsAsync(IQueryable<Unit> units, CancellationToken ct) =>
        (await units.Select(u => new { u.Id, u.Name, Region = u.Region!.Name }).ToListAsync(ct))
        .Select(u => new BindingOption(u.Id, UnitLabel(u.Name, u.Region))).ToList();

    private static async Task<List<BindingOption>> RegionOptionsAsync(IQueryable<Region> regions, CancellationToken ct) =>
        (await regions.AsNoTracking().Include(r => r.Parent).ThenInclude(p => p!.Parent).ToListAsync(ct)).Select(RegionOption).ToList();

    /// <summary>朝阳区 — 北京市: the same words as the search box, so the two 朝阳区 stay apart in the list and the history.</summary>
    private static BindingOption RegionOption(Region region) => new(region.Id, RegionSearch.Choice(region).Label);

    private static string UnitLabel(string name, string region) => $"{name}（{region}）";

    private static string BindingSummary(AccountSnapshot account) =>
        account.Units.Count > 0 ? $"，单位：{string.Join("、", account.Units)}"
        : account.Regions.Count > 0 ? $"，地区：{string.Join("、", account.Regions)}"
        : "";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainException(string.Join("；", result.Errors.Select(e => e.Description)));
    }
}
