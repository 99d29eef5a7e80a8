using AirPlan.Core.Security;
using AirPlan.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>
/// Identity's password validator: <see cref="PasswordPolicy"/> (length in characters, the common-password list) and no reuse of
/// the last <see cref="RememberedPasswords"/> passwords. Every way a password is set (sign-up by an admin, 修改密码, 重置密码,
/// the CLI, demo accounts) goes through UserManager and so through here.
/// </summary>
public sealed class PasswordRules(IDbContextFactory<AppDbContext> dbFactory) : IPasswordValidator<AppUser>
{
    public const int RememberedPasswords = 5;
    public static readonly string ReusedMessage = $"新密码不能与最近 {RememberedPasswords} 次使用过的密码相同";

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (PasswordPolicy.Check(password ?? "") is { } problem)
            return IdentityResult.Failed(new IdentityError { Code = "PasswordPolicy", Description = problem });
        if (user.Id is { Length: > 0 } && await WasRecentlyUsedAsync(manager, user, password!))
            return IdentityResult.Failed(new IdentityError { Code = "PasswordReused", Description = ReusedMessage });
        return IdentityResult.Success;
    }

    /// <summary>The current hash (accounts from before the history existed have no rows) and the latest remembered ones.</summary>
    private async Task<bool> WasRecentlyUsedAsync(UserManager<AppUser> manager, AppUser user, string password)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var hashes = await db.PasswordHistory.AsNoTracking().Where(p => p.UserId == user.Id)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(RememberedPasswords)
            .Select(p => p.PasswordHash).ToListAsync();
        if (user.PasswordHash is { } current) hashes.Insert(0, current);
        return hashes.Distinct().Any(hash => manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed);
    }
}

/// <summary>
/// Identity's EF store, plus a <see cref="PasswordHistoryEntry"/> for every password hash it sets, saved in the same SaveChanges
/// as the account itself (so a refused or failed update leaves no history row behind).
/// </summary>
public sealed class AppUserStore(AppDbContext context, TimeProvider clock, IdentityErrorDescriber? describer = null)
    : Microsoft.AspNetCore.Identity.EntityFrameworkCore.UserStore<AppUser, IdentityRole, AppDbContext>(context, describer)
{
    public override async Task SetPasswordHashAsync(AppUser user, string? passwordHash, CancellationToken cancellationToken = default)
    {
        await base.SetPasswordHashAsync(user, passwordHash, cancellationToken);
        if (passwordHash is not null)
            Context.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = passwordHash, CreatedAt = clock.GetUtcNow() });
    }
}
