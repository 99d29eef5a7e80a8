namespace AirPlan.Web.Data;

/// <summary>
/// One sign-in (one browser's cookie). The cookie carries only this row's id; the row decides whether the cookie still
/// works, so signing out, changing the password, 停用 or 退出所有设备 take effect on the very next request, not when the
/// cookie expires or the security stamp is next checked.
/// </summary>
public class UserSession
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Updated at most about once a minute (not on every request), to show when a session was last used.</summary>
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>Set once, never cleared: a revoked session never comes back.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
