using AirPlan.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Support;

/// <summary>The app's own service registrations over a test database, without the web server.</summary>
public static class TestServices
{
    /// <param name="configure">Last-minute changes, e.g. settings a test needs (runs after the app's registrations).</param>
    public static IHost Build(string connectionString, string environment = "Production", TimeProvider? clock = null,
        Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ContentRootPath = RepoPaths.Root,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AirPlan"] = connectionString,
            ["AirPlan:SeedsPath"] = RepoPaths.Seeds,
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests that count facts call FactsWarmer themselves.
            ["AirPlan:Facts:WarmOnStart"] = "false",
            // Tests rely on the seeds exactly as imported: no made-up Development history unless a test asks for it.
            ["AirPlan:Demo:History"] = "false",
            // The evidence sweep would judge a shared evidence folder by this test database; tests run it themselves.
            ["AirPlan:Maintenance:Enabled"] = "false",
            // Chasing tests run the job themselves, on the day they choose.
            ["AirPlan:Chasing:Enabled"] = "false",
            // Tests that deliver messages run the dispatcher themselves, with their own clock.
            ["AirPlan:Notifications:DispatchEnabled"] = "false",
        });
        builder.AddApplicationServices();
        if (clock is not null) builder.Services.AddSingleton(clock);
        configure?.Invoke(builder);
        return builder.Build();
    }
}
