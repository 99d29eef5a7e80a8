using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Admin.Accounts;

[Collection(PostgresCollection.Name)]
public sealed class AccountAdminServiceTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private AccountAdminService _service = default!;
    private UserContext _admin = default!;

    public async Task InitializeAsync()
    {
        _app = await AccountsApp.GetAsync(server);
        _service = _app.Services.GetRequiredService<AccountAdminService>();
        _admin = await AccountsApp.ActorAsync(_app, (await FindAsync("admin")).Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryMethodRefusesAnActorWhoIsNotAnAdmin()
    {
        var coordinator = await AccountsApp.ActorAsync(_app, (await FindAsync("coordinator")).Id);
        var target = await AccountsApp.CreateUserAsync(_app, "target");
        var mengjin = await RegionIdAsync("孟津区");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ListAsync(coordinator));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SearchUnitsAsync(coordinator, "委"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.SearchRegionsAsync(coordinator, "孟津"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.CreateAsync(coordinator,
            new NewAccount { UserName = "sneaky", DisplayName = "越权", Role = AppRoles.Admin }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.DisableAsync(coordinator, target.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.EnableAsync(coordinator, target.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ResetPasswordAsync(coordinator, target.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.RebindAsync(coordinator, target.Id, [], [mengjin]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _service.ListAsync(UserContext.Anonymous));
        Assert.Null(await FindOrNullAsync("sneaky"));
        Assert.Empty(await AuditAsync(target.Id));
    }

    [Fact]
    public async Task CreatingALiaisonBindsItsUnitsAndWritesHistoryWithoutThePassword()
    {
        var unit = await CreateUnitAsync("测试联络单位");

        var created = await _service.CreateAsync(_admin, new NewAccount
        {
            UserName = "liaison-new", DisplayName = "测试单位 新联络", Role = AppRoles.Liaison, UnitIds = [unit.Id],
        });

        var user = await FindAsync("liaison-new");
        Assert.True(user.MustChangePassword);
        Assert.False(user.IsDisabled);
        Assert.True(await CheckPasswordAsync(user, created.TemporaryPassword));
        Assert.Equal(12, created.TemporaryPassword.Length);
        var actor = await AccountsApp.ActorAsync(_app, user.Id);
        Assert.True(actor.IsLiaison);
        Assert.Equal([unit.Id], actor.UnitIds);
        var audit = Assert.Single(await AuditAsync(user.Id));
        Assert.Equal("account.create", audit.Action);
        Assert.Equal(_admin.UserId, audit.UserId);
        Assert.Contains("创建账号 liaison-new", audit.Summary);
        Assert.Contains("测试联络单位", audit.After);
        Assert.DoesNotContain(created.TemporaryPassword, audit.After);
        Assert.DoesNotContain("PasswordHash", audit.After);
        var row = Assert.Single(await _service.ListAsync(_admin), r => r.UserName == "liaison-new");
        Assert.Equal("需改密码", row.Status);
        Assert.NotNull(row.LastChangedAt);
    }

    [Fact]
    public async Task ALiaisonWithoutAUnitOrATakenUserNameIsRefusedInChinese()
    {
        var noUnit = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(_admin,
            new NewAccount { UserName = "liaison-nounit", DisplayName = "无单位", Role = AppRoles.Liaison }));
        var taken = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(_admin,
            new NewAccount { UserName = "admin", DisplayName = "重复", Role = AppRoles.Admin }));
        var badName = await Assert.ThrowsAsync<DomainException>(() => _service.CreateAsync(_admin,
            new NewAccount { UserName = "张三", DisplayName = "中文用户名", Role = AppRoles.Admin }));

        Assert.Equal("联络员至少需要绑定一个责任单位", noUnit.Message);
        Assert.Contains("用户名「admin」已被使用", taken.Message);
        Assert.Contains("用户名「张三」无效", badName.Message);
        Assert.Null(await FindOrNullAsync("liaison-nounit"));
        Assert.Null(await FindOrNullAsync("张三"));
    }

    [Fact]
    public async Task DisablingEndsSessionsAndEnablingRestoresSignInBothWithHistory()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "toggle");
        var stampBefore = user.SecurityStamp;

        await _service.DisableAsync(_admin, user.Id);
        var disabled = await FindAsync(user.UserName!);
        var actorWhileDisabled = await AccountsApp.ActorAsync(_app, user.Id);
        await _service.EnableAsync(_admin, user.Id);

        Assert.True(disabled.IsDisabled);
        Assert.NotEqual(stampBefore, disabled.SecurityStamp);
        Assert.False(actorWhileDisabled.IsAuthenticated);
        Assert.False((await FindAsync(user.UserName!)).IsDisabled);
        Assert.Equal(["account.disable", "account.enable"], (await AuditAsync(user.Id)).Select(a => a.Action));
        Assert.Matches("\"IsDisabled\": ?true", (await AuditAsync(user.Id))[0].After!);
    }

    [Fact]
    public async Task AnAdminCannotDisableThemself()
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => _service.DisableAsync(_admin, _admin.UserId));

        Assert.Equal("不能停用自己的账号", error.Message);
    }

    [Fact]
    public async Task ResetPasswordGivesANewTemporaryPasswordAndLiftsTheLockout()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "reset");
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var tracked = (await users.FindByIdAsync(user.Id))!;
            await users.SetLockoutEndDateAsync(tracked, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var password = await _service.ResetPasswordAsync(_admin, user.Id);

        var reset = await FindAsync(user.UserName!);
        Assert.True(reset.MustChangePassword);
        Assert.Null(reset.LockoutEnd);
        Assert.True(await CheckPasswordAsync(reset, password));
        Assert.False(await CheckPasswordAsync(reset, SignIn.DemoPassword));
        var audit = Assert.Single(await AuditAsync(user.Id));
        Assert.Equal("account.reset-password", audit.Action);
        Assert.DoesNotContain(password, audit.After);
    }

    [Fact]
    public async Task RebindReplacesTheRegionsAndWritesHistory()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "rebind", AppRoles.Coordinator);
        var mengjin = await RegionIdAsync("孟津区");
        var luoyang = await RegionIdAsync("洛阳市");
        await _service.RebindAsync(_admin, user.Id, [], [mengjin]);

        await _service.RebindAsync(_admin, user.Id, [], [luoyang]);

        await using var db = CreateDbContext();
        Assert.Equal([luoyang], await db.UserRegions.Where(r => r.UserId == user.Id).Select(r => r.RegionId).ToListAsync());
        var history = await AuditAsync(user.Id);
        Assert.Equal(["account.rebind", "account.rebind"], history.Select(a => a.Action));
        Assert.Contains("孟津区", history[1].Before);
        Assert.Contains("洛阳市", history[1].After);
        Assert.Contains("重新绑定账号", history[1].Summary);
        var refused = await Assert.ThrowsAsync<DomainException>(() => _service.RebindAsync(_admin, user.Id, [], []));
        Assert.Equal("督办员至少需要绑定一个地区", refused.Message);
    }

    [Fact]
    public async Task RegionSearchFindsCountyCityAndProvinceByName()
    {
        foreach (var name in new[] { "孟津区", "洛阳市", "河南省" })
            Assert.Contains(await _service.SearchRegionsAsync(_admin, name), r => r.Label.StartsWith(name));
        // Two districts of one name are two entries that say where each lies, not two identical lines.
        Assert.Equal(["朝阳区 — 北京市", "朝阳区 — 吉林省长春市"], (await _service.SearchRegionsAsync(_admin, "朝阳区")).Take(2).Select(r => r.Label));
        var unit = await CreateUnitAsync("可搜索的测试单位");
        Assert.Contains(await _service.SearchUnitsAsync(_admin, "可搜索", unit.RegionId), u => u.Id == unit.Id);
        Assert.DoesNotContain(await _service.SearchUnitsAsync(_admin, "可搜索", await RegionIdAsync("洛阳市")), u => u.Id == unit.Id);
    }

    [Fact]
    public void TemporaryPasswordsMeetThePasswordRules()
    {
        for (var i = 0; i < 50; i++)
        {
            var password = TemporaryPassword.Generate();
            Assert.Equal(12, password.Length);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsDigit);
            Assert.DoesNotContain(password, c => "0O1lI".Contains(c));
        }
    }

    private AppDbContext CreateDbContext() => _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private async Task<List<AuditEntry>> AuditAsync(string userId)
    {
        await using var db = CreateDbContext();
        return await db.AuditEntries.Where(a => a.EntityType == AccountAdminService.EntityType && a.EntityId == userId)
            .OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<int> RegionIdAsync(string name)
    {
        await using var db = CreateDbContext();
        return await db.Regions.Where(r => r.Name == name).OrderBy(r => r.Code).Select(r => r.Id).FirstAsync();
    }

    private async Task<Unit> CreateUnitAsync(string name)
    {
        await using var db = CreateDbContext();
        var mengjin = await db.Regions.FirstAsync(r => r.Name == "孟津区");
        var unit = Unit.Department(mengjin, name + Guid.NewGuid().ToString("N")[..4]);
        db.Units.Add(unit);
        await db.SaveChangesAsync();
        return unit;
    }

    private async Task<bool> CheckPasswordAsync(AppUser user, string password)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByIdAsync(user.Id))!, password);
    }

    private async Task<AppUser?> FindOrNullAsync(string userName)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
    }

    private async Task<AppUser> FindAsync(string userName) =>
        await FindOrNullAsync(userName) ?? throw new InvalidOperationException(userName);
}
