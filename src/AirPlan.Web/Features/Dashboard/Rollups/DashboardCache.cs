using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using Microsoft.Extensions.Caching.Memory;

namespace AirPlan.Web.Features.Dashboard.Rollups;

/// <summary>
/// Short-lived memory cache for today's figures over all plans the actor may see (scope without plan and date: the
/// province view, which costs seconds to count). Keyed by what the actor may see, so actors with the same regions and
/// units share entries, and by <see cref="WorkChanges"/>: any committed change to the work (a report, a verification, an
/// import) starts new entries, so the figures agree with the live drill-down list at once. A per-plan or past-date view is
/// always counted fresh. AirPlan:Dashboard:CacheSeconds (default 45; 0 turns it off).
/// </summary>
/// <remarks>
/// Only the dashboard page and /api/dashboard use it; the Excel report and the task list always count live. WorkChanges sees
/// this process's writes only: with several app instances, or writes by the command line, figures may lag by up to
/// CacheSeconds.
/// </remarks>
public sealed class DashboardCache(IMemoryCache cache, OfficeClock clock, IConfiguration configuration, WorkChanges changes)
{
    public TimeSpan For => TimeSpan.FromSeconds(configuration.GetValue("AirPlan:Dashboard:CacheSeconds", 45));

    /// <summary>Whether figures for this scope may come from the cache (today, all plans).</summary>
    public bool Applies(TaskFilter scope) => scope.Plan is null && scope.AsOf is null && For > TimeSpan.Zero;

    /// <summary>
    /// The cached value and when it was counted, or <paramref name="compute"/> now. Concurrent requests share one
    /// computation (run without the caller's token so a closed page does not fail the others); a failure is not cached.
    /// </summary>
    public async Task<(T Value, DateTimeOffset CountedAt)> GetAsync<T>(string part, UserContext actor, TaskFilter scope,
        Func<CancellationToken, Task<T>> compute, CancellationToken ct = default)
    {
        if (!Applies(scope)) return (await compute(ct), clock.Now);
        var key = (nameof(DashboardCache), part, RollupQueries.ActorKey(actor), scope, clock.Today, changes.Generation);
        var entry = cache.GetOrCreate(key, e =>
        {
            e.AbsoluteExpirationRelativeToNow = For;
            return new Lazy<Task<(T, DateTimeOffset)>>(async () => (await compute(CancellationToken.None), clock.Now));
        })!;
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            cache.Remove(key);
            throw;
        }
    }
}
