using System.Security.Claims;
using AirPlan.Core.Security;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>
/// Identity's sign-in rules plus ours: a disabled account can neither sign in nor keep a session; every sign-in starts a
/// server-side session (<see cref="UserSessions"/>) whose id the cookie carries, and ending one revokes that row, so a copied
/// cookie stops working at once. Sign-ins, failures (throttled attempts included), sign-outs and password changes are written to the history.
/// </summary>
public sealed class AppSignInManager(UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory, IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<AppUser> confirmation, UserSessions sessions,
    IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, SignInThrottle throttle)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string SignInAction = "account.sign-in";
    public const string SignInFailedAction = "account.sign-in-failed";
    public const string SignOutAction = "account.sign-out";
    public const string SignOutEverywhereAction = "account.sign-out-everywhere";
    public const string ChangePasswordAction = "account.change-password";
    /// <summary>
    /// Sign-ins, failures, lockouts and sign-outs are history of the account's sessions, not changes to the account: their own
    /// entity type keeps them out of 账号管理's 最近更新. A password change is a change to the account.
    /// </summary>
    public const string SessionEntityType = "sign-in";

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }

    /// <summary>Every way into a cookie (password sign-in, re-issue after a password change) passes here: each gets a new session.</summary>
    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var sessionId = await sessions.StartAsync(user.Id);
        await base.SignInWithClaimsAsync(user, authenticationProperties,
            additionalClaims.Where(c => c.Type != UserSessions.ClaimType).Append(new Claim(UserSessions.ClaimType, sessionId.ToString())));
    }

    /// <summary>
    /// Checks the password unless the typed name or the address must still wait (<see cref="SignInThrottle"/>), and writes what
    /// happened: a sign-in, or a failure (with the user name as typed, never the password). An unknown name is answered exactly
    /// like a wrong password: same result, same throttling, and a password hash is checked anyway so it takes as long.
    /// </summary>
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var address = Context.Connection.RemoteIpAddress?.ToString();
        if (await throttle.WaitAsync(userName, address) is { } wait)
        {
            await AuditVisitorAsync(userName, SignInFailedAction, Clip(userName, 64), $"登录失败：「{userName}」尝试过于频繁，未验证密码（需等待 {SignInBackoff.Describe(wait)}）");
            return new ThrottledSignInResult(wait);
        }
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new AppUser(), UnknownUserHash(), password);
            await throttle.FailedAsync(userName, address);
            await AuditVisitorAsync(userName, SignInFailedAction, Clip(userName, 64), $"登录失败：用户名「{userName}」不存在");
            return SignInResult.Failed;
        }
        // Identity's own lock-out stays off: the throttle above is the only brake.
        var result = await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            await throttle.SucceededAsync(userName);
            await AuditAsync(user, SignInAction, $"登录（{user.UserName}）");
            return result;
        }
        // A disabled account with its right password is not a guess; anything else counts.
        var rightPasswordButDisabled = result.IsNotAllowed && await UserManager.CheckPasswordAsync(user, password);
        if (!rightPasswordButDisabled) await throttle.FailedAsync(userName, address);
        await AuditVisitorAsync(userName, SignInFailedAction, user.Id, result switch
        {
            { IsNotAllowed: true } when rightPasswordButDisabled => $"登录失败：账号 {user.UserName} 已停用",
            { IsLockedOut: true } => $"登录失败：账号 {user.UserName} 锁定期间尝试登录",
            _ => $"登录失败：账号 {user.UserName} 密码错误",
        });
        return result;
    }

    /// <summary>A real hash of nothing anyone knows, so an unknown name costs the same hashing time as a known one.</summary>
    private string UnknownUserHash() =>
        _unknownUserHash ??= UserManager.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());

    private static string? _unknownUserHash;

    /// <summary>退出登录: ends this browser's session on the server, so a copy of its cookie is refused from now on.</summary>
    public override async Task SignOutAsync()
    {
        var principal = Context.User;
        if (UserSessions.IdOf(principal) is { } sessionId && await sessions.RevokeAsync(sessionId)
            && principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId && await UserManager.FindByIdAsync(userId) is { } user)
            await AuditAsync(user, SignOutAction, $"退出登录（{user.UserName}）");
        await base.SignOutAsync();
    }

    /// <summary>退出所有设备: every session of the user ends now (this one included), and the stamp changes for good measure.</summary>
    public async Task SignOutEverywhereAsync(AppUser user)
    {
        var ended = await sessions.RevokeAllAsync(user.Id);
        await UserManager.UpdateSecurityStampAsync(user);
        await AuditAsync(user, SignOutEverywhereAction, $"退出所有设备（{user.UserName}，结束 {ended} 个登录）");
        await base.SignOutAsync();
    }

    /// <summary>
    /// After a successful password change: every other session of the user ends now (a thief's copied cookie included) and
    /// this browser gets a new session and cookie, keeping its 记住我 choice.
    /// </summary>
    public async Task PasswordChangedAsync(AppUser user)
    {
        var current = await Context.AuthenticateAsync(AuthenticationScheme);
        var persistent = current.Properties?.IsPersistent ?? false;
        var ended = await sessions.RevokeAllAsync(user.Id);
        await AuditAsync(user, ChangePasswordAction, $"修改密码（{user.UserName}，结束其他设备上的 {Math.Max(0, ended - 1)} 个登录）");
        await SignInAsync(user, new AuthenticationProperties { IsPersistent = persistent });
    }

    private async Task AuditAsync(AppUser user, string action, string summary)
    {
        var entityType = action == ChangePasswordAction ? AccountAdminService.EntityType : SessionEntityType;
        await using var db = await dbFactory.CreateDbContextAsync();
        var actor = new UserContext(user.Id, user.UserName ?? "", user.DisplayName, new HashSet<string>(), new HashSet<int>(), new HashSet<int>());
        db.Audit(actor, clock.GetUtcNow(), action, entityType, user.Id, null, summary, after: Where());
        await db.SaveChangesAsync();
    }

    /// <summary>A row for someone not (yet) signed in: no user id; the name is what they typed.</summary>
    private async Task AuditVisitorAsync(string typedUserName, string action, string entityId, string summary)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.AuditVisitor(clock.GetUtcNow(), action, SessionEntityType, entityId, Clip(summary, 1000), new { UserName = Clip(typedUserName, 100), Origin = Where() });
        await db.SaveChangesAsync();
    }

    /// <summary>Where the request came from, so a history reader can tell a user's own sign-in from someone else's attempts.</summary>
    private SignInOrigin Where() => new(Context.Connection.RemoteIpAddress?.ToString(),
        Context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? Clip(ua, 200) : null);

    private sealed record SignInOrigin(string? Ip, string? UserAgent);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>The attempt was not checked: its account name or address must wait this long after earlier failures.</summary>
public sealed class ThrottledSignInResult : SignInResult
{
    public ThrottledSignInResult(TimeSpan retryAfter) => RetryAfter = retryAfter;

    public TimeSpan RetryAfter { get; }
}
