using Microsoft.AspNetCore.Identity;

namespace AirPlan.Web.Data;

/// <summary>An account (账号). Roles and unit bindings are added by the accounts feature.</summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Accounts an admin creates must choose their own password at first sign-in.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>A disabled account cannot sign in; its history stays.</summary>
    public bool IsDisabled { get; set; }
    /// <summary>Secret for the personal calendar feed link.</summary>
    public string? CalendarToken { get; set; }
}
