using System.Diagnostics;
using System.Text;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Chasing;
using AirPlan.Web.Features.Chasing.Job;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Bench;

/// <summary>
/// The daily chasing job at province scale (docs/performance.md, “Daily chasing job”): one liaison per unit and one coordinator
/// per plan region (bulk-inserted, no passwords: they only receive messages), then the first run of a day (every step due is
/// new), the same day again (nothing new), and the next day.
/// </summary>
public static class ChaseBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var conn = args.Require("conn");
        var asOf = DateOnly.Parse(args.Get("as-of") ?? "2025-11-03");
        using var host = await BenchHost.StartAsync(conn, builder =>
        {
            builder.Configuration["AirPlan:Chasing:Enabled"] = "false";
            builder.Services.AddSingleton<ClusterLock>();
            builder.AddChasing();
        });
        var services = host.Services;
        await EnsureRecipientsAsync(services);
        var job = services.GetRequiredService<ChasingJob>();
        var md = new StringBuilder();
        md.AppendLine("| run | as of | time | 临期提醒 | 逾期催办 | 督办 | 未按期报送 | 待核验提醒 | messages |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, day) in new[] { ("first run", asOf), ("same day again", asOf), ("next day", asOf.AddDays(1)) })
        {
            var sw = Stopwatch.StartNew();
            var run = await job.RunAsync(day, ChaseRun.CommandLine, "bench") ?? throw new InvalidOperationException("job busy");
            var line = $"| {name} | {day:yyyy-MM-dd} | {sw.Elapsed.TotalSeconds:F1} s | {run.DueSoon:N0} | {run.Overdue:N0} | {run.Escalated:N0} | {run.ReportMissing:N0} | {run.ReviewWaiting:N0} | {run.Notifications:N0} |";
            Console.WriteLine(line);
            md.AppendLine(line);
        }
        if (args.Get("out") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        return 0;
    }

    private static async Task EnsureRecipientsAsync(IServiceProvider services)
    {
        await BenchAccounts.EnsureAsync(services);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        if (await db.Users.AnyAsync(u => u.UserName!.StartsWith("bench-liaison-"))) return;
        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id);
        var units = await db.Units.Select(u => u.Id).ToListAsync();
        var regions = await db.Plans.Select(p => p.RegionId).Distinct().ToListAsync();
        var sw = Stopwatch.StartNew();
        void Add(string name, string role, int? unitId, int? regionId)
        {
            var user = new AppUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = name, SecurityStamp = Guid.NewGuid().ToString() };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role] });
            if (unitId is { } u) db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = u });
            if (regionId is { } r) db.UserRegions.Add(new UserRegion { UserId = user.Id, RegionId = r });
        }
        foreach (var unit in units) Add($"bench-liaison-{unit}", AppRoles.Liaison, unit, null);
        foreach (var region in regions) Add($"bench-coordinator-{region}", AppRoles.Coordinator, null, region);
        await db.SaveChangesAsync();
        Console.WriteLine($"recipients: {units.Count:N0} liaisons, {regions.Count:N0} coordinators ({sw.Elapsed.TotalSeconds:F1} s)");
    }
}
