using System.Net;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Hosting;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>The app as it runs in Production (over HTTPS, as it must be deployed): policy headers, cookie names and flags, HSTS.</summary>
[Collection(HostingCollection.Name)]
public sealed class SecurityHeadersTests(PostgresServer server) : IAsyncLifetime
{
    private static Task<AppFactory>? _production;
    private AppFactory _app = default!;

    public async Task InitializeAsync()
    {
        lock (typeof(SecurityHeadersTests)) _production ??= StartProductionAsync(server);
        _app = await _production;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<AppFactory> StartProductionAsync(PostgresServer server)
    {
        var connectionString = await SeedTemplates.RegionsCopyAsync(server, "production");
        var seeds = Directory.CreateTempSubdirectory("airplan-seeds-").FullName;
        File.Copy(Path.Combine(RepoPaths.Seeds, SeedFiles.DivisionsFile), Path.Combine(seeds, SeedFiles.DivisionsFile));
        var app = new AppFactory(connectionString, "Production", new Dictionary<string, string?>
        {
            ["AirPlan:SeedsPath"] = seeds,
            ["AirPlan:Evidence:StoragePath"] = Directory.CreateTempSubdirectory("airplan-evidence-").FullName,
        });
        _ = app.Server;
        return app;
    }

    private HttpClient HttpsClient()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://airplan.example/"), AllowAutoRedirect = false, HandleCookies = true,
        });
        client.DefaultRequestHeaders.Add(AppFactory.RemoteAddressHeader, SignIn.NewAddress());
        return client;
    }

    [Fact]
    public async Task PagesCarryAContentSecurityPolicyThatAllowsOnlyThisSitesScriptsAndNoFraming()
    {
        var response = await HttpsClient().GetAsync("/account/login");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotContain("<script type=\"importmap\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HttpsResponsesCarryHstsAndNoServerHeader()
    {
        var response = await HttpsClient().GetAsync("/account/login");

        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(_app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task CookiesAreHostPrefixedSecureAndHttpOnly()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(AppRoles.Leader)) await roles.CreateAsync(new IdentityRole(AppRoles.Leader));
            var user = new AppUser { UserName = "prod-leader", DisplayName = "正式环境领导" };
            Assert.True((await users.CreateAsync(user, SignIn.DemoPassword)).Succeeded);
            await users.AddToRoleAsync(user, AppRoles.Leader);
        }
        var client = HttpsClient();

        var page = await client.GetAsync("/account/login");
        var signedIn = await SignIn.PostLoginAsync(client, "prod-leader", SignIn.DemoPassword);

        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-AirPlan.Antiforgery="));
        var auth = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-AirPlan.Auth="));
        foreach (var cookie in new[] { antiforgery, auth })
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task ProductionCreatesNoDemoAccounts()
    {
        using var scope = _app.Services.CreateScope();

        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin"));
    }
}
