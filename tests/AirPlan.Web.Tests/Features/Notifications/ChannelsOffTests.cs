using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Notifications;

/// <summary>With no mail server configured and no robot set up, messages stay in 消息 and nothing waits in the outbox.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChannelsOffTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<ChannelsOffTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AMessageToAnAccountWithAnAddressWritesNoDeliveryWhileNoChannelIsConfigured()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        using var scope = _db.Host.Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(AppRoles.Liaison)) await roles.CreateAsync(new IdentityRole(AppRoles.Liaison));
        var user = new AppUser { UserName = $"off-{Guid.NewGuid():N}"[..20], Email = "liaison@example.gov.cn" };
        await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, SignIn.DemoPassword);

        await using (var db = _db.CreateDbContext())
        {
            db.Notify([user.Id], NotificationKinds.Urged, "催办：请尽快报送", "请于本周内报送进展。", null, assignment.TaskId, assignment.Id,
                _db.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await using var check = _db.CreateDbContext();
        Assert.Equal(1, await check.Notifications.CountAsync(n => n.UserId == user.Id));
        Assert.Equal(0, await check.NotificationDeliveries.CountAsync());
    }
}
