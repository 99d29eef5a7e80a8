using System.Security.Claims;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>
/// Re-checks an open circuit's user every few seconds: a revoked session (退出登录, 退出所有设备, password change, 停用,
/// 重置密码), a changed security stamp or a disabled account turns the circuit anonymous, and the router sends it to sign-in.
/// This is only the page's picture of the user: a circuit's actions do not wait for it, because every service call loads its
/// user through <see cref="AirPlan.Web.Security.UserContextLoader"/>, which checks the session itself.
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopeFactory,
    IConfiguration configuration) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>Short, since it is one primary-key read per circuit; capped by the stamp interval when that is shorter (tests).</summary>
    protected override TimeSpan RevalidationInterval { get; } =
        TimeSpan.FromSeconds(Math.Clamp(AccountsServiceExtensions.StampValidationInterval(configuration).TotalSeconds, 1, 5));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<UserSessions>().IsActiveAsync(authenticationState.User, cancellationToken)) return false;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null || user.IsDisabled) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var principalStamp = authenticationState.User.FindFirstValue(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await users.GetSecurityStampAsync(user);
    }
}
