using Microsoft.AspNetCore.Identity;

namespace AirPlan.Web.Data;

/// <summary>An account (账号). Roles and unit bindings are added by the accounts feature.</summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
}
