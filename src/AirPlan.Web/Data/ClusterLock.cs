using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Data;

/// <summary>
/// Background work that must run on one instance at a time when several app instances share the database (orphan sweep,
/// session clean-up, warming the roll-up facts, the coming daily chasing job). A PostgreSQL session-level advisory lock,
/// held on one connection for as long as the work runs: PostgreSQL releases it by itself when that connection or its
/// instance dies, so a crashed instance never leaves a job locked. Instances that do not get the lock skip the run
/// rather than wait: the holder is already doing the same work.
/// </summary>
public sealed class ClusterLock(IDbContextFactory<AppDbContext> dbFactory, ILogger<ClusterLock> logger)
{
    /// <summary>
    /// The two-key form (namespace, job) lives apart from the one-bigint keys of <c>FactSnapshots.LockKey</c>: PostgreSQL
    /// tells the two forms apart, so they never collide.
    /// </summary>
    private const int Namespace = 0x41504C4E; // "APLN"

    /// <summary>Runs <paramref name="work"/> if no other instance runs the job; returns whether it ran.</summary>
    public async Task<bool> TryRunAsync(ClusterJob job, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        // A context of its own whose connection stays open: the lock belongs to that database session. Plain ADO commands,
        // outside the retrying strategy: a lock cannot be retried onto another connection.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        try
        {
            if (!await ExecuteBoolAsync(connection, "SELECT pg_try_advisory_lock(@ns, @job)", job, ct))
            {
                logger.LogInformation("后台任务 {Job} 正由另一实例执行，本实例跳过", job);
                return false;
            }
            try
            {
                await work(ct);
                return true;
            }
            finally
            {
                // The connection goes back to the pool; an unlock that fails (connection lost) needs nothing more, since
                // the lock ended with the session.
                try { await ExecuteBoolAsync(connection, "SELECT pg_advisory_unlock(@ns, @job)", job, CancellationToken.None); }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
                {
                    logger.LogWarning(e, "释放后台任务锁 {Job} 失败（连接已断开，锁已随会话释放）", job);
                }
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<bool> ExecuteBoolAsync(System.Data.Common.DbConnection connection, string sql, ClusterJob job, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var ns = command.CreateParameter();
        ns.ParameterName = "ns";
        ns.Value = Namespace;
        command.Parameters.Add(ns);
        var id = command.CreateParameter();
        id.ParameterName = "job";
        id.Value = (int)job;
        command.Parameters.Add(id);
        return await command.ExecuteScalarAsync(ct) is true;
    }
}

/// <summary>Jobs that run on one instance at a time; the number is the advisory lock's key, so never renumber one.</summary>
public enum ClusterJob
{
    FactsWarming = 1,
    EvidenceSweep = 2,
    SessionCleanup = 3,
    /// <summary>Reserved for the daily chasing (催办) job.</summary>
    Chasing = 4,
}
