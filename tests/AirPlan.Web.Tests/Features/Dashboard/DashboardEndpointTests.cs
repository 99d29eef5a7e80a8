using System.Net;
using System.Text.Json;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Features.Dashboard;

/// <summary>The dashboard over HTTP: the page, the JSON figures behind sign-in, the anonymous calendar feed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DashboardEndpointTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;

    public async Task InitializeAsync() => _app = await AppFactory.StartAsync(server);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheFiguresNeedSignIn()
    {
        var response = await SignIn.NewClient(_app).GetAsync("/api/dashboard");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ASignedInLeaderGetsFiguresWithDrillDownLinks()
    {
        var client = await SignIn.SignInAsync(_app, "leader");

        var response = await client.GetAsync("/api/dashboard?asOf=2030-06-30");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var totals = json.RootElement.GetProperty("totals");
        Assert.True(totals.GetProperty("assignments").GetInt32() > 0);
        var plan = json.RootElement.GetProperty("plans")[0];
        Assert.StartsWith("/tasks?", plan.GetProperty("link").GetString());
        Assert.Contains("asOf=2030-06-30", plan.GetProperty("link").GetString());
        // Each row has its 任务 figures beside its 责任分工 ones, each with the grouped task view of exactly those tasks.
        var tasks = plan.GetProperty("tasks");
        Assert.True(tasks.GetProperty("tasks").GetInt32() > 0);
        Assert.Contains("view=tasks", tasks.GetProperty("links").GetProperty("Overdue").GetString());
        var township = json.RootElement.GetProperty("townships")[0].GetProperty("tasks");
        Assert.Contains("township=", township.GetProperty("links").GetProperty("Tasks").GetString());
    }

    [Fact]
    public async Task TheDashboardPageRendersForALeader()
    {
        var client = await SignIn.SignInAsync(_app, "leader");

        var html = await client.GetStringAsync("/dashboard");

        Assert.Contains("总览", html);
        Assert.Contains("各方案进度", html);
        Assert.Contains("href=\"/tasks?", html);
    }

    [Fact]
    public async Task AnUnknownCalendarTokenIsNotFound()
    {
        var response = await SignIn.NewClient(_app).GetAsync("/calendar/this-token-does-not-exist-anywhere.ics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
