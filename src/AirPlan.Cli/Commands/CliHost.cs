using AirPlan.Web.Hosting;
using AirPlan.Web.Infrastructure.Postgres;
using AirPlan.Web.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AirPlan.Cli.Commands;

/// <summary>The app's services for commands that touch the database: same configuration, same embedded default.</summary>
/// <param name="settings">Settings on top of the environment (see <see cref="Cli.RunAsync"/>); null when run as a process.</param>
public sealed class CliHost(IReadOnlyDictionary<string, string?>? settings = null)
{
    /// <param name="initialize">
    /// Migrate and load the regions first (most commands); backup and restore pass false: a backup must not change the
    /// database it copies, and a restore needs the target empty.
    /// </param>
    public async Task<IHost> StartAsync(bool initialize = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // stdout carries the command's own output: framework chatter stays out of it, warnings go to stderr.
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        // One-shot commands: warming facts for the dashboard in the background would only compete with the command.
        builder.Configuration["AirPlan:Facts:WarmOnStart"] = "false";
        // Sweeps and clean-ups are the running app's (under its cluster lock), not a one-shot command's.
        builder.Configuration["AirPlan:Maintenance:Enabled"] = "false";
        // The daily chasing job likewise: `airplan chase` runs it once, on purpose.
        builder.Configuration["AirPlan:Chasing:Enabled"] = "false";
        // The outbox is sent by the running app's dispatcher, not by a one-shot command.
        builder.Configuration["AirPlan:Notifications:DispatchEnabled"] = "false";
        builder.Configuration["Logging:LogLevel:Microsoft"] = "Warning";
        // After the defaults above and before the embedded default below, which looks for a connection string.
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddEmbeddedPostgresWhenUnconfigured();
        builder.AddApplicationServices();
        var host = builder.Build();
        await host.StartAsync();
        if (initialize) await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(importSeedPlans: false);
        return host;
    }
}
