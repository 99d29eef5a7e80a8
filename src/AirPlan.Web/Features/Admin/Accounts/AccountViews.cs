namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>One row of the accounts table.</summary>
public sealed record AccountRow(string Id, string UserName, string DisplayName, string Role, IReadOnlyList<BindingOption> Units,
    IReadOnlyList<BindingOption> Regions, bool IsDisabled, bool MustChangePassword, bool IsLockedOut, DateTimeOffset? LastChangedAt)
{
    public string RoleTitle => AppRoles.Title(Role);

    public string Status => IsDisabled ? "已停用" : IsLockedOut ? "已锁定" : MustChangePassword ? "需改密码" : "正常";
}

/// <summary>A unit or region to bind, with the name people pick it by (a unit's name carries its region: 区发展改革委（孟津区）).</summary>
public sealed record BindingOption(int Id, string Label)
{
    public override string ToString() => Label;
}

/// <summary>What the admin fills in to open an account.</summary>
public sealed class NewAccount
{
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = AppRoles.Liaison;
    public List<int> UnitIds { get; set; } = [];
    public List<int> RegionIds { get; set; } = [];
}

/// <summary>A new account and its one-time password, shown once and never stored in clear.</summary>
public sealed record CreatedAccount(string UserId, string UserName, string TemporaryPassword);
