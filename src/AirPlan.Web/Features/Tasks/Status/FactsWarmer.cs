using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Status;

/// <summary>
/// After start-up and then shortly after each midnight, builds the facts the dashboard asks for first — today and the
/// month-ends its trend shows, for every plan — so the first leader of the day does not wait for them (about 0.8 s a date
/// for a province of 150 plans), and drops facts of other past dates a day after they were built (as-of dates picked by
/// hand), which would otherwise pile up and be refreshed by every deadline edit. In the background, one date at a time;
/// AirPlan:Facts:WarmOnStart=false turns it off. Of several instances, the one holding the cluster lock does it.
/// </summary>
public sealed class FactsWarmer(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IConfiguration configuration,
    ClusterLock clusterLock, ILogger<FactsWarmer> logger) : BackgroundService
{
    /// <summary>How many month-ends back: the dashboard's trend shows up to 36 points.</summary>
    public const int MonthEnds = 36;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("AirPlan:Facts:WarmOnStart", true)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Several instances would each build the same facts; one does, the others find them built.
                await clusterLock.TryRunAsync(ClusterJob.FactsWarming, async ct =>
                {
                    await EvictAsync(ct);
                    await WarmAsync(ct);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Only a head start: anything not built here is built by the first request that needs it.
                logger.LogWarning(e, "Warming the roll-up facts failed");
            }
            var now = clock.GetLocalNow();
            var nextRun = new DateTimeOffset(now.Date.AddDays(1).AddMinutes(5), now.Offset);
            await Task.Delay(nextRun - now, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Drops past-date facts that are not month-ends (the trend's and quarter-ends) once they are a day old; the month-ends
    /// stay, one per month. Live facts of past days are dropped by <see cref="FactSnapshots"/> when today's are built.
    /// </summary>
    public async Task<int> EvictAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A delete under a lock: safe to run again from the start after a dropped connection.
        return await db.Database.InTransactionAsync(async ct =>
        {
            // The same lock a build takes: no build of these dates is half done while they go. (built_at is the database's
            // clock, so the age is too.)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FactSnapshots.LockKey})", ct);
            return await db.Database.ExecuteSqlAsync($"""
                WITH old AS (
                    DELETE FROM fact_snapshots
                    WHERE from_history AND built_at < now() - interval '1 day' AND extract(day FROM as_of + 1) <> 1
                    RETURNING plan_id, as_of
                )
                DELETE FROM assignment_facts f USING old
                WHERE f.from_history AND f.as_of = old.as_of AND f.plan_id = old.plan_id
                """, ct);
        }, ct);
    }

    /// <summary>Today first (the view most people open), then month-ends from the latest back.</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        var today = AsOfDate.For(null, clock);
        var dates = new List<DateOnly?> { null };
        var monthEnd = new DateOnly(today.Date.Year, today.Date.Month, 1).AddDays(-1);
        for (var i = 0; i < MonthEnds; i++, monthEnd = new DateOnly(monthEnd.Year, monthEnd.Month, 1).AddDays(-1))
            dates.Add(monthEnd);
        var started = clock.GetTimestamp();
        foreach (var date in dates)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await FactSnapshots.EnsureAsync(db, db.Plans, AsOfDate.For(date, clock), ct);
        }
        logger.LogInformation("Roll-up facts ready for today and {Count} month-ends in {Elapsed}", MonthEnds, clock.GetElapsedTime(started));
    }
}
