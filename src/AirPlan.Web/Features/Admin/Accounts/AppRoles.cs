namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>Role names as stored by Identity, with the titles people see.</summary>
public static class AppRoles
{
    /// <summary>系统管理员</summary>
    public const string Admin = "Admin";
    /// <summary>督办员 (生态环境局/攻坚办)</summary>
    public const string Coordinator = "Coordinator";
    /// <summary>联络员</summary>
    public const string Liaison = "Liaison";
    /// <summary>领导</summary>
    public const string Leader = "Leader";

    public static readonly IReadOnlyList<string> All = [Admin, Coordinator, Liaison, Leader];

    public static string Title(string role) => role switch
    {
        Admin => "系统管理员",
        Coordinator => "督办员",
        Liaison => "联络员",
        Leader => "领导",
        _ => role,
    };
}
