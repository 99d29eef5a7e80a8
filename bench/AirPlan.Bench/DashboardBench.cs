using System.Globalization;
using AirPlan.Web.Features.Dashboard;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using Microsoft.Extensions.Caching.Memory;

namespace AirPlan.Bench;

/// <summary>
/// What one dashboard request costs in-process: the trend and the whole /api/dashboard build (DashboardJson.BuildAsync), for
/// the county coordinator and (with --province) the province leader. "cold" uses a fresh RollupQueries (empty trend cache)
/// per run; "warm" reuses the app's singleton.
/// </summary>
public static class DashboardBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var iterations = args.Int("iterations", 10);
        var warmup = args.Int("warmup", 2);
        using var host = await BenchHost.StartAsync(args.Require("conn"));
        var services = host.Services;
        var (_, countyPlan) = await BenchAccounts.EnsureAsync(services);
        var leader = await BenchAccounts.ContextAsync(services, BenchAccounts.Leader);
        var county = await BenchAccounts.ContextAsync(services, BenchAccounts.County);
        var warm = services.GetRequiredService<RollupQueries>();
        // A fresh instance has an empty cache (where RollupQueries has one).
        RollupQueries Cold() => typeof(RollupQueries).GetConstructors()[0].GetParameters().Length == 3
            ? ActivatorUtilities.CreateInstance<RollupQueries>(services, new MemoryCache(new MemoryCacheOptions()))
            : warm;
        var countyScope = new TaskFilter { Plan = countyPlan };

        async Task M(string name, Func<Task> action)
        {
            var s = await Timer.MeasureAsync(warmup, iterations, action);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} p50 {s.P50,8:F1}  p95 {s.P95,8:F1}"));
        }
        if (args.Get("first") is not null)
        {
            // First use ever: no facts cached in the database (every date's snapshot is built by this request).
            await using (var source = Npgsql.NpgsqlDataSource.Create(args.Require("conn")))
            await using (var clear = source.CreateCommand("DELETE FROM assignment_facts; DELETE FROM fact_snapshots"))
                await clear.ExecuteNonQueryAsync();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await DashboardJson.BuildAsync(Cold(), county, countyScope, default);
            Console.WriteLine($"county /api/dashboard build, first use (builds 37 dates of 1 plan): {watch.Elapsed.TotalMilliseconds:F0} ms");
            if (args.Get("province") is not null)
            {
                watch.Restart();
                await DashboardJson.BuildAsync(Cold(), leader, new TaskFilter(), default);
                Console.WriteLine($"province /api/dashboard build, first use (builds 37 dates of 149 plans): {watch.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
        if (args.Get("parts") is not null)
        {
            await M("county TotalsAsync", () => warm.TotalsAsync(county, countyScope));
            await M("county ByPlanAsync", () => warm.ByPlanAsync(county, countyScope));
            await M("county ByDepartmentAsync(Lead)", () => warm.ByDepartmentAsync(county, countyScope, AirPlan.Core.Domain.AssignmentRole.Lead));
            await M("county ByDepartmentAsync(Supporting)", () => warm.ByDepartmentAsync(county, countyScope, AirPlan.Core.Domain.AssignmentRole.Supporting));
            await M("county ByTownshipAsync", () => warm.ByTownshipAsync(county, countyScope));
            await M("county OverdueAsync(20)", () => warm.OverdueAsync(county, countyScope, 20));
            await M("county MatrixAsync", () => warm.MatrixAsync(county, countyScope));
        }
        await M("county TrendAsync(24), cold", () => Cold().TrendAsync(county, countyScope, 24));
        await M("county TrendAsync(24), warm", () => warm.TrendAsync(county, countyScope, 24));
        await M("county /api/dashboard build, cold", () => DashboardJson.BuildAsync(Cold(), county, countyScope, default));
        await M("county /api/dashboard build, warm", () => DashboardJson.BuildAsync(warm, county, countyScope, default));
        if (args.Get("province") is not null)
        {
            await M("province TrendAsync(36), cold", () => Cold().TrendAsync(leader, new TaskFilter()));
            await M("province /api/dashboard build, cold", () => DashboardJson.BuildAsync(Cold(), leader, new TaskFilter(), default));
            await M("province /api/dashboard build, warm", () => DashboardJson.BuildAsync(warm, leader, new TaskFilter(), default));
        }
        return 0;
    }
}
