using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AirPlan.Web.Tests.Data;

/// <summary>
/// Background work on several instances (decision 017): of two instances over one database, one runs a job while the other
/// skips it, and a holder that dies frees the job at once, with no lease to wait out.
/// </summary>
[Collection(HostingCollection.Name)]
public sealed class ClusterLockTests(PostgresServer server)
{
    [Fact]
    public async Task WhileOneInstanceRunsAJobAnotherSkipsItAndAHolderWhoseConnectionDiesReleasesItAtOnce()
    {
        var connectionString = await SeedTemplates.RegionsCopyAsync(server, "clusterlock");
        // Two instances: two service providers, two connection pools, one database.
        using var hostA = TestServices.Build(connectionString);
        using var hostB = TestServices.Build(connectionString);
        var a = hostA.Services.GetRequiredService<ClusterLock>();
        var b = hostB.Services.GetRequiredService<ClusterLock>();

        var aStarted = new TaskCompletionSource();
        var aMayFinish = new TaskCompletionSource();
        var aRun = a.TryRunAsync(ClusterJob.SessionCleanup, async _ => { aStarted.SetResult(); await aMayFinish.Task; }, CancellationToken.None);
        await aStarted.Task;

        var bRanCleanup = false;
        var bSkipped = await b.TryRunAsync(ClusterJob.SessionCleanup, _ => { bRanCleanup = true; return Task.CompletedTask; }, CancellationToken.None);
        var bOtherJob = await b.TryRunAsync(ClusterJob.EvidenceSweep, _ => Task.CompletedTask, CancellationToken.None);
        aMayFinish.SetResult();
        Assert.True(await aRun);
        Assert.False(bSkipped);
        Assert.False(bRanCleanup);
        Assert.True(bOtherJob);
        Assert.True(await b.TryRunAsync(ClusterJob.SessionCleanup, _ => Task.CompletedTask, CancellationToken.None));

        // A holder that dies mid-job (its process killed, its connection cut): PostgreSQL ends the session and the lock with it.
        var holderStarted = new TaskCompletionSource();
        var holderMayFinish = new TaskCompletionSource();
        var holder = a.TryRunAsync(ClusterJob.SessionCleanup, async _ => { holderStarted.SetResult(); await holderMayFinish.Task; }, CancellationToken.None);
        await holderStarted.Task;
        Assert.False(await b.TryRunAsync(ClusterJob.SessionCleanup, _ => Task.CompletedTask, CancellationToken.None));
        await TerminateLockHolderAsync(connectionString, ClusterJob.SessionCleanup);

        Assert.True(await b.TryRunAsync(ClusterJob.SessionCleanup, _ => Task.CompletedTask, CancellationToken.None));
        holderMayFinish.SetResult();
        await holder; // its unlock fails quietly: the lock already ended with its session
    }

    private static async Task TerminateLockHolderAsync(string connectionString, ClusterJob job)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // The timeout (PostgreSQL 14+) waits until the backend is gone, so the lock is free when this returns.
        await using var terminate = new NpgsqlCommand($"""
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) FROM pg_locks
            WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid = 1095781454 AND objid = {(int)job} AND objsubid = 2 AND granted
            """, connection);
        Assert.Equal(1L, (long)(await terminate.ExecuteScalarAsync())!);
    }
}
