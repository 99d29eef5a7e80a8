using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>The real web app, started against a test database with the seeds loaded.</summary>
public sealed class AppFactory(string connectionString, string environment = "Development") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:AirPlan", connectionString);
        builder.UseSetting("AirPlan:SeedsPath", RepoPaths.Seeds);
    }

    public static async Task<AppFactory> StartAsync(PostgresServer server)
    {
        var seeded = await SeededDatabase.GetAsync(server);
        var factory = new AppFactory(seeded.ConnectionString);
        _ = factory.Server; // start now so start-up errors surface in the test that asked
        return factory;
    }
}
