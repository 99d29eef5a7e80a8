using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>The chasing screens render (prerendered HTML) and offer their actions only to whom the services allow them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChasingPagesTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;

    public async Task InitializeAsync() => _app = await AppFactory.SharedAsync(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheChasingPageShowsAdminsTheRunButtonAndIsClosedToCoordinators()
    {
        var admin = await SignIn.SignInAsync(_app, "admin");
        var coordinator = await SignIn.SignInAsync(_app, "coordinator");

        var html = await admin.GetStringAsync("/admin/chasing");
        var refused = await coordinator.GetAsync("/admin/chasing");

        Assert.Contains("立即执行", html);
        Assert.DoesNotContain("处理您的请求时出现错误", html);
        Assert.DoesNotContain("立即执行", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("coordinator", true)]
    [InlineData("leader", false)]
    [InlineData("liaison-fgw", false)]
    public async Task ThePlanPageShowsItsChasingRulesAndOnlyTheRegionsCoordinatorMayChangeThem(string user, bool mayChange)
    {
        var client = await SignIn.SignInAsync(_app, user);

        var html = await client.GetStringAsync("/plans/mengjin-2024");

        Assert.Equal(user != "liaison-fgw", html.Contains("到期前 7 天临期提醒"));
        Assert.Equal(mayChange, html.Contains("修改催办规则"));
    }
}
