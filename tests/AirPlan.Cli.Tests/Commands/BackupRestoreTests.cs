using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AirPlan.Cli.Commands;
using AirPlan.Cli.Tests.Support;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>The restore drill: data with evidence, airplan backup, airplan restore into a fresh database and folder, same figures and files.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class BackupRestoreTests(CliPostgres postgres) : IDisposable
{
    private readonly List<string> _folders = [];

    private string NewFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"airplan-{name}-{Guid.NewGuid():N}");
        _folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        foreach (var folder in _folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }

    private static readonly UserContext Admin = new("drill-admin", "drill-admin", "管理员（测试）", new HashSet<string> { AppRoles.Admin },
        new HashSet<int>(), new HashSet<int>());

    [Fact]
    public async Task ARestoredBackupShowsTheSameDashboardFiguresAndTheSameEvidenceFiles()
    {
        var source = await postgres.FreshDatabaseEnvironmentAsync("drill_src");
        source["AirPlan__Evidence__StoragePath"] = NewFolder("drill-evidence-src");
        Assert.Equal(0, (await AirplanCli.RunAsync(source, "import", AirplanCli.Seed("mengjin-2024"))).ExitCode);
        using (var host = await Host(source).StartAsync())
        {
            await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
            var assignments = await db.Assignments.Where(a => a.Unit!.Name == "区发展改革委").OrderBy(a => a.Id).Take(2)
                .Select(a => new { a.Id, a.UnitId }).ToListAsync();
            var evidence = host.Services.GetRequiredService<EvidenceService>();
            foreach (var (assignment, i) in assignments.Select((a, i) => (a, i)))
            {
                var liaison = new UserContext("drill-liaison", "drill-liaison", "联络员（测试）", new HashSet<string> { AppRoles.Liaison },
                    new HashSet<int> { assignment.UnitId }, new HashSet<int>());
                var bytes = System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% drill {i}\ntrailer << >>\n%%EOF\n");
                Assert.True((await evidence.UploadAsync(liaison, assignment.Id, $"佐证{i}.pdf", new MemoryStream(bytes), bytes.Length)).Succeeded);
            }
        }
        var before = await FiguresAsync(source);
        var backup = NewFolder("drill-backup");

        var backedUp = await AirplanCli.RunAsync(source, "backup", "--out", backup);

        Assert.True(backedUp.ExitCode == 0, backedUp.Stderr);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(backup, "manifest.json")))!;
        Assert.Equal(3, manifest["files"]!.AsArray().Count); // the dump and two evidence files
        Assert.StartsWith("2", manifest["schemaVersion"]!.GetValue<string>());

        var target = await EmptyTargetAsync("drill_dst");
        var restored = await AirplanCli.RunAsync(target, "restore", backup);

        Assert.True(restored.ExitCode == 0, restored.Stderr);
        Assert.Equal(before, await FiguresAsync(target));
        Assert.Equal(Hashes(source["AirPlan__Evidence__StoragePath"]), Hashes(target["AirPlan__Evidence__StoragePath"]));
        Assert.Equal(2, Hashes(target["AirPlan__Evidence__StoragePath"]).Count);
    }

    [Fact]
    public async Task RestoreRefusesANonEmptyTargetAnotherSchemaVersionAndADamagedFileAndWritesNothing()
    {
        var source = await postgres.FreshDatabaseEnvironmentAsync("drill_ref");
        source["AirPlan__Evidence__StoragePath"] = NewFolder("drill-ref-evidence");
        Assert.Equal(0, (await AirplanCli.RunAsync(source, "import", AirplanCli.Seed("mengjin-2024"))).ExitCode);
        var backup = NewFolder("drill-ref-backup");
        Assert.Equal(0, (await AirplanCli.RunAsync(source, "backup", "--out", backup)).ExitCode);

        var intoItself = await AirplanCli.RunAsync(source, "restore", backup);
        Assert.Equal(ExitCodes.Refused, intoItself.ExitCode);
        Assert.Contains("不为空", intoItself.Stderr);

        var manifestPath = Path.Combine(backup, "manifest.json");
        var original = await File.ReadAllTextAsync(manifestPath);
        var manifest = JsonNode.Parse(original)!;
        manifest["schemaVersion"] = "20200101000000_Older";
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        var target = await EmptyTargetAsync("drill_ver");
        var otherVersion = await AirplanCli.RunAsync(target, "restore", backup);
        Assert.Equal(ExitCodes.Refused, otherVersion.ExitCode);
        Assert.Contains("版本不一致", otherVersion.Stderr);

        await File.WriteAllTextAsync(manifestPath, original);
        await using (var dump = File.OpenWrite(Path.Combine(backup, "database.dump"))) dump.WriteByte(0);
        var damaged = await AirplanCli.RunAsync(target, "restore", backup);
        Assert.Equal(ExitCodes.Refused, damaged.ExitCode);
        Assert.Contains("已损坏", damaged.Stderr);

        using var host = await Host(target).StartAsync(initialize: false);
        await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    /// <summary>A new, empty database and a new evidence folder, as an operator would prepare for a restore.</summary>
    private async Task<Dictionary<string, string>> EmptyTargetAsync(string name)
    {
        var target = await postgres.FreshDatabaseEnvironmentAsync(name);
        target["AirPlan__Evidence__StoragePath"] = NewFolder(name + "-evidence");
        return target;
    }

    private static CliHost Host(Dictionary<string, string> environment) =>
        new(environment.ToDictionary(e => e.Key.Replace("__", ":"), e => (string?)e.Value));

    /// <summary>The dashboard's own queries: totals and the per-plan and per-department rows, as the admin sees them.</summary>
    private static async Task<string> FiguresAsync(Dictionary<string, string> environment)
    {
        using var host = await Host(environment).StartAsync();
        var rollups = host.Services.GetRequiredService<RollupQueries>();
        var scope = new TaskFilter();
        var totals = await rollups.TotalsAsync(Admin, scope);
        var plans = await rollups.ByPlanAsync(Admin, scope);
        var departments = await rollups.ByDepartmentAsync(Admin, scope, AssignmentRole.Lead);
        await host.StopAsync();
        return string.Join("\n", new[] { $"总计 {totals.Figures}" }
            .Concat(plans.Select(p => $"{p.Name} {p.Figures}"))
            .Concat(departments.Select(d => $"{d.Name} {d.Figures}")));
    }

    private static SortedDictionary<string, string> Hashes(string root) =>
        new(Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).StartsWith("tmp", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
