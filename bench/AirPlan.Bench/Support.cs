using System.Diagnostics;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard;
using AirPlan.Web.Features.Plans;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AirPlan.Bench;

public sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Args(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);
    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");
    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v) : fallback;
}

/// <summary>p50/p95/p99 of a list of milliseconds (nearest rank).</summary>
public sealed record Stats(int N, double P50, double P95, double P99, double Max)
{
    public static Stats Of(IReadOnlyList<double> ms)
    {
        var s = ms.Order().ToArray();
        double P(double q) => s.Length == 0 ? double.NaN : s[Math.Clamp((int)Math.Ceiling(q * s.Length) - 1, 0, s.Length - 1)];
        return new Stats(s.Length, P(0.50), P(0.95), P(0.99), s.Length == 0 ? double.NaN : s[^1]);
    }
}

/// <summary>The web app's services (data, accounts, security, tasks, dashboard, reports) against a given database, without HTTP.</summary>
public static class BenchHost
{
    /// <param name="configure">More services or settings for one bench (e.g. the chasing job), after the common ones.</param>
    public static async Task<IHost> StartAsync(string connectionString, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:" + DataServiceExtensions.ConnectionStringName] = connectionString;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        // Timings must not share the machine with the background warm-up (the bench measures first use itself).
        builder.Configuration["AirPlan:Facts:WarmOnStart"] = "false";
        builder.AddData();
        builder.AddAccounts();
        builder.AddSecurity();
        builder.AddPlans();
        builder.AddTasks();
        builder.AddDashboard();
        builder.AddReports();
        // FactsWarmer (AddTasks) takes the cluster lock; it does not run here (WarmOnStart=false) but must be constructible.
        builder.Services.TryAddSingleton<ClusterLock>();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

/// <summary>Two accounts for the measurements: a province leader (河南省, all counties) and the coordinator of the first generated county.</summary>
public static class BenchAccounts
{
    public const string Password = "Bench@2025-perf";
    public const string Leader = "bench-leader";
    public const string County = "bench-county";

    public static async Task<int> RunAsync(Args args)
    {
        using var host = await BenchHost.StartAsync(args.Require("conn"));
        var (leader, county) = await EnsureAsync(host.Services);
        Console.WriteLine($"accounts ready: {Leader} (province), {County} (county {county}); password {Password}");
        return 0;
    }

    /// <summary>Returns the province region id and the county plan key.</summary>
    public static async Task<(int ProvinceId, string CountyPlanKey)> EnsureAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        foreach (var role in AppRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var plan = await db.Plans.Where(p => p.Key.StartsWith("gen-")).OrderBy(p => p.Key)
            .Select(p => new { p.Key, p.RegionId }).FirstOrDefaultAsync()
            ?? throw new InvalidOperationException("no generated plans: run `airplan generate` first");
        // The province the generated counties are in (河南省): the division list covers all of China, so not simply the first.
        var province = await db.Regions.SingleAsync(r => r.Id == plan.RegionId);
        while (province.Level != RegionLevel.Province && province.ParentId is { } parentId)
            province = await db.Regions.SingleAsync(r => r.Id == parentId);
        foreach (var (name, role, regionId) in new[] { (Leader, AppRoles.Leader, province.Id), (County, AppRoles.Coordinator, plan.RegionId) })
        {
            if (await users.FindByNameAsync(name) is not null) continue;
            var user = new AppUser { UserName = name, DisplayName = name, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            db.UserRegions.Add(new UserRegion { UserId = user.Id, RegionId = regionId });
        }
        await db.SaveChangesAsync();
        return (province.Id, plan.Key);
    }

    public static async Task<UserContext> ContextAsync(IServiceProvider services, string userName)
    {
        using var scope = services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"no user {userName}");
        return await scope.ServiceProvider.GetRequiredService<UserContextLoader>().LoadAsync(user.Id);
    }
}

public static class Timer
{
    /// <summary>Warm-up, then timed runs; anything whose first run takes over 500 ms gets at most 10 timed runs and 1 warm-up (the run must end).</summary>
    public static async Task<Stats> MeasureAsync(int warmup, int iterations, Func<Task> action)
    {
        var first = Stopwatch.StartNew();
        await action();
        if (first.ElapsedMilliseconds > 500) (warmup, iterations) = (1, Math.Min(iterations, 10));
        for (var i = 1; i < warmup; i++) await action();
        var ms = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return Stats.Of(ms);
    }
}
