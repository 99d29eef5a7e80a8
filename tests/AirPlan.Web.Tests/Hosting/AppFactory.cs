using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>The real web app, started against a test database with the seeds loaded.</summary>
/// <param name="settings">Configuration on top (e.g. AirPlan:Security:StampValidationSeconds), applied last.</param>
/// <param name="services">Registrations on top of the app's own (e.g. a service with a test clock), applied last.</param>
public sealed class AppFactory(string connectionString, string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:AirPlan", connectionString);
        builder.UseSetting("AirPlan:SeedsPath", RepoPaths.Seeds);
        // Tests rely on the seeds exactly as imported: no made-up Development history unless a test's settings ask for it.
        builder.UseSetting("AirPlan:Demo:History", "false");
        // The evidence sweep would judge the default evidence folder by this test database; tests run it themselves.
        builder.UseSetting("AirPlan:Maintenance:Enabled", "false");
        // The daily chasing job would write messages into the seeded database that page tests share; chasing tests run it.
        builder.UseSetting("AirPlan:Chasing:Enabled", "false");
        builder.UseSetting("AirPlan:Notifications:DispatchEnabled", "false");
        // The seeds count from their issue dates (ADR 013), so warming 36 past month-ends is real work; on a shared build
        // machine it competed with the request under test. Pages build the dates they ask for; warming has its own tests.
        builder.UseSetting("AirPlan:Facts:WarmOnStart", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, TestRemoteAddress>());
        if (services is not null) builder.ConfigureServices(services);
    }

    /// <summary>
    /// The in-memory test server has no remote address; sign-in throttling counts failures per address, so each test client
    /// says which address it is (<see cref="RemoteAddressHeader"/>) and tests do not slow each other down.
    /// </summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private sealed class TestRemoteAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[RemoteAddressHeader].ToString(), out var address))
                    context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static Task<AppFactory>? _shared;

    /// <summary>
    /// One app over the shared seeded database for read-only page tests: xunit makes a class instance per test, and
    /// starting the app per test would dominate the run. Do not change data through it.
    /// </summary>
    public static Task<AppFactory> SharedAsync(PostgresServer server)
    {
        lock (typeof(AppFactory)) return _shared ??= StartAsync(server);
    }

    public static async Task<AppFactory> StartAsync(PostgresServer server)
    {
        var seeded = await SeededDatabase.GetAsync(server);
        var factory = new AppFactory(seeded.ConnectionString);
        _ = factory.Server; // start now so start-up errors surface in the test that asked
        return factory;
    }
}
