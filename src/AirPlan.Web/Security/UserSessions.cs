using System.Security.Claims;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Security;

/// <summary>
/// Server-side sign-in sessions (<see cref="UserSession"/>). A cookie is only as good as its session row: every request
/// (cookie validation), every open circuit's revalidation and every service call (<see cref="UserContextLoader"/>) ask
/// <see cref="IsActiveAsync"/>, which reads the database each time. No cache: a cache would be exactly the delay that
/// revocation must not have, and the lookup is one primary-key read.
/// </summary>
public sealed class UserSessions(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, ILogger<UserSessions> logger)
{
    /// <summary>The claim in the sign-in cookie that names its session row.</summary>
    public const string ClaimType = "airplan:session";

    /// <summary>How stale <see cref="UserSession.LastSeenAt"/> may get before a request writes it: one write a minute, not one per request.</summary>
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(ClaimType), out var id) ? id : null;

    /// <summary>Records a new sign-in of <paramref name="userId"/> and returns the id to put into its cookie.</summary>
    public async Task<Guid> StartAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now, LastSeenAt = now };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>
    /// Whether the principal's session exists, belongs to the principal's user and has not been revoked. A principal without
    /// a session claim is refused: every sign-in since sessions exist carries one, so a cookie without it is an old one.
    /// </summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || IdOf(principal) is not { } id) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.UserSessions.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.UserId, s.RevokedAt, s.LastSeenAt }).SingleOrDefaultAsync(ct);
        if (session is null || session.UserId != userId || session.RevokedAt is not null) return false;

        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt >= LastSeenResolution)
            await db.UserSessions.Where(s => s.Id == id && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), ct);
        return true;
    }

    /// <summary>Ends one session (退出登录). Returns whether it was still active.</summary>
    public async Task<bool> RevokeAsync(Guid sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct) > 0;
    }

    /// <summary>
    /// Ends every session of the user except <paramref name="except"/> (退出所有设备, password change, 停用, 重置密码).
    /// Runs in <paramref name="db"/>'s transaction when it has one. Returns how many were active.
    /// </summary>
    public Task<int> RevokeAllAsync(AppDbContext db, string userId, Guid? except = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != except)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
    }

    public async Task<int> RevokeAllAsync(string userId, Guid? except = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RevokeAllAsync(db, userId, except, ct);
    }

    /// <summary>
    /// How long an ended session's row is kept: long enough to show in the session history when a sign-in ended, short
    /// enough that the table holds weeks, not years. A session is ended when revoked, or when unused for longer than any
    /// cookie lives (8 hours, sliding), so its cookie can no longer be presented.
    /// </summary>
    public static readonly TimeSpan EndedRetention = TimeSpan.FromDays(30);

    /// <summary>Deletes sessions revoked, or last used, more than <see cref="EndedRetention"/> ago; returns how many. Runs under the cluster lock.</summary>
    public async Task<int> DeleteEndedAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow() - EndedRetention;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.UserSessions.Where(s => s.RevokedAt < cutoff || s.LastSeenAt < cutoff).ExecuteDeleteAsync(ct);
        if (deleted > 0) logger.LogInformation("已清理 {Count} 条已结束超过 {Days} 天的登录会话", deleted, EndedRetention.TotalDays);
        return deleted;
    }
}
