using System.Net;
using System.Net.Http.Json;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>Forged requests over HTTP: whatever the UI shows, the server refuses what the account may not do.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkEndpointTests(PostgresServer server) : IAsyncLifetime
{
    private static Task<(AppFactory App, int AssignmentId)>? _shared;
    private AppFactory _app = default!;
    private int _assignmentId;

    public async Task InitializeAsync()
    {
        // One app and database for the class (xunit makes an instance per test); only the first test changes the assignment.
        lock (typeof(WorkEndpointTests)) _shared ??= StartAsync(server);
        (_app, _assignmentId) = await _shared;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(AppFactory, int)> StartAsync(PostgresServer server)
    {
        var app = new AppFactory(await SeedTemplates.SeededCopyAsync(server, "endpoints"));
        _ = app.Server;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var assignmentId = await db.Assignments.Where(a => a.Unit!.Name == "区发展改革委" && a.Task!.Plan!.Key == "mengjin-2024")
            .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        db.Evidence.Add(new AirPlan.Core.Domain.Evidence(assignmentId, null, "验收报告.pdf", "application/pdf", 10, new string('b', 64), "seed", "测试", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return (app, assignmentId);
    }

    private async Task<uint> VersionAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Assignments.Where(a => a.Id == _assignmentId).Select(a => a.Version).SingleAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, string? reason = null, bool withToken = true,
        int? assignmentId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{assignmentId ?? _assignmentId}/{action}")
        {
            Content = JsonContent.Create(new WorkEndpoints.ActionRequest(await VersionAsync(), reason)),
        };
        if (withToken) request.Headers.Add("RequestVerificationToken", SignIn.AntiforgeryToken(await client.GetStringAsync("/account/manage")));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ALeaderCannotVerifyEvenWithAHandMadeRequest()
    {
        var liaison = await SignIn.SignInAsync(_app, "liaison-fgw");
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(liaison, "submit")).StatusCode);
        var leader = await SignIn.SignInAsync(_app, "leader");

        var response = await PostAsync(leader, "verify");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("督办员", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(liaison, "verify")).StatusCode);
        var coordinator = await SignIn.SignInAsync(_app, "coordinator");
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(coordinator, "send-back", "请补充现场照片")).StatusCode);
    }

    [Fact]
    public async Task ALiaisonOfAnotherUnitCannotSubmit()
    {
        var other = await SignIn.SignInAsync(_app, "liaison-chengguan");

        var response = await PostAsync(other, "submit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ARequestWithoutTheAntiforgeryTokenIsRejected()
    {
        var coordinator = await SignIn.SignInAsync(_app, "coordinator");

        var response = await PostAsync(coordinator, "continuous", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousRequestsAreNotServed()
    {
        var anonymous = SignIn.NewClient(_app);

        var response = await anonymous.PostAsJsonAsync($"/api/assignments/{_assignmentId}/verify", new WorkEndpoints.ActionRequest(0, null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // not a redirect to the sign-in page a script cannot use
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ARequestThatIsNotJsonIsRefusedAsAnUnsupportedMediaType()
    {
        var coordinator = await SignIn.SignInAsync(_app, "coordinator");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{_assignmentId}/continuous")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Version"] = "1" }),
        };
        request.Headers.Add("RequestVerificationToken", SignIn.AntiforgeryToken(await coordinator.GetStringAsync("/account/manage")));

        var response = await coordinator.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task AnIdOneMayNotSeeIsAnsweredExactlyLikeAnIdThatDoesNotExist()
    {
        var outsider = await AccountsApp.CreateUserAsync(_app, "outsider"); // a leader of no region
        var client = await SignIn.SignInAsync(_app, outsider.UserName!);

        var hidden = await PostAsync(client, "verify");
        var missing = await PostAsync(client, "verify", assignmentId: int.MaxValue);
        var missingForCoordinator = await PostAsync(await SignIn.SignInAsync(_app, "coordinator"), "verify", assignmentId: int.MaxValue);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingForCoordinator.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await hidden.Content.ReadAsStringAsync());
    }
}
