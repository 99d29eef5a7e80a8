namespace AirPlan.Web.Data;

/// <summary>
/// A password hash an account has had (its current one included), written whenever a password is set, so a new password can be
/// refused when it repeats one of the last few (<see cref="AirPlan.Web.Features.Admin.Accounts.PasswordRules"/>). Only hashes.
/// </summary>
public class PasswordHistoryEntry
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
