using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.DataProtection;

namespace AirPlan.Web.Hosting;

/// <summary>
/// What lets several instances run behind one load balancer over one database (docs/operations.md, decision 017):
/// the Data Protection key ring in PostgreSQL, so a sign-in cookie or antiforgery token made by one instance is read by any
/// other, and <see cref="ClusterLock"/> for background work that must run once, not once per instance.
/// </summary>
public static class Clustering
{
    /// <summary>Off in tests and the command line: a sweep there would judge a shared evidence folder by a test database.</summary>
    public const string MaintenanceKey = "AirPlan:Maintenance:Enabled";

    public static IHostApplicationBuilder AddClustering(this IHostApplicationBuilder builder)
    {
        // The application name isolates our payloads from other apps sharing a key ring; it must be the same on every
        // instance (the default is the content root path, which differs between machines and containers).
        builder.Services.AddDataProtection()
            .SetApplicationName("AirPlan")
            .PersistKeysToDbContext<AppDbContext>();
        builder.Services.AddSingleton<ClusterLock>();
        builder.Services.AddSingleton<EvidenceSweep>();
        if (builder.Configuration.GetValue(MaintenanceKey, true))
        {
            builder.Services.AddHostedService<MaintenanceJobs>();
        }
        return builder;
    }
}

/// <summary>
/// Shortly after start-up and then every <see cref="Interval"/>: the evidence sweep and the session clean-up, each under
/// its cluster lock so that of several instances one does the work. Failures are logged and tried again next round.
/// </summary>
internal sealed class MaintenanceJobs(ClusterLock clusterLock, EvidenceSweep sweep, UserSessions sessions, TimeProvider clock,
    ILogger<MaintenanceJobs> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let start-up (migrations, seeding) finish first.
        await Task.Delay(TimeSpan.FromSeconds(10), clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunAsync(ClusterJob.EvidenceSweep, ct => sweep.RunAsync(ct), stoppingToken);
            await RunAsync(ClusterJob.SessionCleanup, ct => sessions.DeleteEndedAsync(ct), stoppingToken);
            await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private async Task RunAsync(ClusterJob job, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        try
        {
            await clusterLock.TryRunAsync(job, work, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "后台维护任务 {Job} 失败，下一轮再试", job);
        }
    }
}
