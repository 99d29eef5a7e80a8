using System.Security.Claims;
using AirPlan.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>Claims the app adds to the sign-in cookie; refreshed whenever the security stamp is validated.</summary>
public static class AppClaims
{
    public const string DisplayName = "airplan:display_name";
    /// <summary>Present while the account still uses a temporary password; every page then leads to 修改密码.</summary>
    public const string MustChangePassword = "airplan:must_change_password";

    public static string Name(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) is { Length: > 0 } name ? name : user.Identity?.Name ?? "";

    public static bool MustChangePasswordNow(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(c => c.Type == MustChangePassword);

    /// <summary>Chinese title of the user's (first) role, e.g. 联络员.</summary>
    public static string RoleTitle(this ClaimsPrincipal user) =>
        string.Join("、", AppRoles.All.Where(user.IsInRole).Select(AppRoles.Title));
}

public sealed class AppUserClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        if (user.MustChangePassword) identity.AddClaim(new Claim(AppClaims.MustChangePassword, "true"));
        return identity;
    }
}
