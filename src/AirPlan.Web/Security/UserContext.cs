using AirPlan.Web.Features.Admin.Accounts;

namespace AirPlan.Web.Security;

/// <summary>Who is acting, with everything authorisation needs; passed explicitly to every service call that reads or changes work.</summary>
/// <param name="RegionIds">Regions whose plans the user may see, expanded to all descendants.</param>
/// <param name="UnitIds">Units a liaison reports for.</param>
public sealed record UserContext(string UserId, string UserName, string DisplayName, IReadOnlySet<string> Roles,
    IReadOnlySet<int> UnitIds, IReadOnlySet<int> RegionIds)
{
    public static readonly UserContext Anonymous = new("", "", "访客", new HashSet<string>(), new HashSet<int>(), new HashSet<int>());

    public bool IsAuthenticated => UserId.Length > 0;
    public bool IsAdmin => Roles.Contains(AppRoles.Admin);
    public bool IsCoordinator => Roles.Contains(AppRoles.Coordinator);
    public bool IsLiaison => Roles.Contains(AppRoles.Liaison);
    public bool IsLeader => Roles.Contains(AppRoles.Leader);

    /// <summary>Name used in history and on reports: the display name when set.</summary>
    public string Name => DisplayName.Length > 0 ? DisplayName : UserName;
}
