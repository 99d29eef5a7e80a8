using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AirPlan.Web.Infrastructure.Postgres;

public static class PostgresHostingExtensions
{
    public const string ConnectionStringKey = "ConnectionStrings:AirPlan";
    public const string DataDirectoryKey = "AirPlan:Postgres:DataDirectory";

    /// <summary>
    /// Without a configured ConnectionStrings:AirPlan, starts (or reuses) the persistent embedded
    /// cluster and points the connection string at it, so "dotnet run" works on a machine that
    /// merely has PostgreSQL installed. The cluster is stopped when the host stops.
    /// Works for WebApplicationBuilder and HostApplicationBuilder alike.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddedPostgresWhenUnconfigured(this IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[ConnectionStringKey]))
        {
            return builder;
        }

        // The host's logging is not built yet; the hosted service below logs through it later.
        var startupLog = new StartupLogCollector();
        var dataDirectory = builder.Configuration[DataDirectoryKey];
        // Builders are configured synchronously and have no synchronization context, so blocking is safe here.
        var server = Task.Run(() => EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
        {
            DataDirectory = string.IsNullOrWhiteSpace(dataDirectory) ? null : dataDirectory,
            Logger = startupLog,
        })).GetAwaiter().GetResult();

        builder.Configuration[ConnectionStringKey] = server.ConnectionString;
        // Factory registration so the container also disposes (stops) it if the host is disposed without running.
        builder.Services.AddSingleton(_ => server);
        builder.Services.AddSingleton(startupLog);
        builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
        return builder;
    }
}

/// <summary>Replays the startup messages into the host's logging and stops the cluster when the host stops.</summary>
internal sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server, StartupLogCollector startupLog, ILogger<EmbeddedPostgres> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        startupLog.ReplayTo(logger);
        return Task.CompletedTask;
    }

    // Registered before the app's own hosted services, so it stops after them.
    public async Task StopAsync(CancellationToken cancellationToken) => await server.DisposeAsync();
}

/// <summary>
/// Buffers log entries written before the host's logger factory exists, then forwards them (and
/// everything after) to the host's logger, so the host's logging configuration decides what shows.
/// </summary>
internal sealed class StartupLogCollector : ILogger
{
    private readonly List<Action<ILogger>> _pending = [];
    private ILogger? _target;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => _target?.IsEnabled(logLevel) ?? true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_pending)
        {
            if (_target is null)
            {
                _pending.Add(target => target.Log(logLevel, eventId, state, exception, formatter));
                return;
            }
        }

        _target.Log(logLevel, eventId, state, exception, formatter);
    }

    public void ReplayTo(ILogger target)
    {
        lock (_pending)
        {
            _target = target;
            foreach (var entry in _pending)
            {
                entry(target);
            }

            _pending.Clear();
        }
    }
}
