using AirPlan.Web.Data;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Admin.Accounts;

/// <summary>Ended sessions are kept a while (they show when a sign-in ended), then deleted by the maintenance job.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionCleanupTests(PostgresServer server)
{
    [Fact]
    public async Task SessionsRevokedOrUnusedForMoreThanThirtyDaysAreDeletedAndOthersKept()
    {
        var clock = TestClock.At(2025, 10, 8);
        using var host = TestServices.Build(await SeedTemplates.SeededCopyAsync(server, "sessions_cleanup", clock), clock: clock);
        var sessions = host.Services.GetRequiredService<UserSessions>();
        await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var userId = Guid.NewGuid().ToString();
        db.Users.Add(new AppUser { Id = userId, UserName = "cleanup", NormalizedUserName = "CLEANUP", DisplayName = "清理测试" });
        var now = clock.GetUtcNow();
        UserSession Session(TimeSpan lastSeenAgo, TimeSpan? revokedAgo) => new()
        {
            Id = Guid.NewGuid(), UserId = userId, CreatedAt = now - lastSeenAgo - TimeSpan.FromHours(1), LastSeenAt = now - lastSeenAgo,
            RevokedAt = now - revokedAgo,
        };
        var active = Session(TimeSpan.FromMinutes(5), null);
        var recentlyRevoked = Session(TimeSpan.FromDays(3), TimeSpan.FromDays(3));
        var longRevoked = Session(TimeSpan.FromDays(40), TimeSpan.FromDays(31));
        var longUnused = Session(TimeSpan.FromDays(31), null);
        db.UserSessions.AddRange(active, recentlyRevoked, longRevoked, longUnused);
        await db.SaveChangesAsync();

        var deleted = await sessions.DeleteEndedAsync();

        Assert.Equal(2, deleted);
        var left = await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync();
        Assert.Equal(new[] { active.Id, recentlyRevoked.Id }.Order(), left.Order());
    }
}
