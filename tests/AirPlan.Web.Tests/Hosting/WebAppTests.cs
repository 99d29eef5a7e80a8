using System.Net;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Hosting;

[Collection(HostingCollection.Name)]
public sealed class WebAppTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _app = await AppFactory.SharedAsync(server);
        _client = await SignIn.SignInAsync(_app, "admin");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PlanListPageNamesMengjin()
    {
        var html = await _client.GetStringAsync("/plans");

        Assert.Contains("孟津区", html);
        Assert.Contains("孟政办〔2024〕21号", html);
    }

    [Fact]
    public async Task PlanPageListsItsTasksWithLeadUnits()
    {
        var html = await _client.GetStringAsync("/plans/mengjin-2024");

        Assert.Contains("坚决遏制", html);
        Assert.Contains("区发展改革委", html);
    }

    [Fact]
    public async Task UnknownPlanShowsAChineseEmptyState()
    {
        var html = await _client.GetStringAsync("/plans/no-such-plan");

        Assert.Contains("未找到该方案", html);
    }

    [Fact]
    public async Task AnonymousVisitorOfThePlansIsSentToSignIn()
    {
        var response = await SignIn.NewClient(_app).GetAsync("/plans");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task UnknownAddressGetsNotFound()
    {
        var response = await _client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
