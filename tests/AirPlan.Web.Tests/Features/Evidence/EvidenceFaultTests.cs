using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Features.Evidence;

/// <summary>Uploads when things go wrong: the row fails to commit, a unit is over its quota, a crash left files behind.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EvidenceFaultTests(PostgresServer server)
{
    private sealed record Store(IHost Host, string Root, UserContext Liaison, int[] AssignmentIds) : IAsyncDisposable
    {
        public EvidenceService Evidence => Host.Services.GetRequiredService<EvidenceService>();
        public AppDbContext CreateDbContext() => Host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        public string[] StoredFiles() => Directory.Exists(Root)
            ? Directory.GetFiles(Root, "*", SearchOption.AllDirectories).Where(f => !Path.GetRelativePath(Root, f).StartsWith("tmp")).ToArray()
            : [];

        public ValueTask DisposeAsync()
        {
            Host.Dispose();
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private async Task<Store> StoreAsync(string prefix, int quotaMegabytes = EvidenceOptions.DefaultUnitQuotaMegabytes)
    {
        var root = Path.Combine(Path.GetTempPath(), $"airplan-{prefix}-" + Guid.NewGuid().ToString("N"));
        var host = TestServices.Build(await SeedTemplates.SeededCopyAsync(server, prefix), configure: b =>
        {
            b.Configuration["AirPlan:Evidence:StoragePath"] = root;
            b.Configuration["AirPlan:Evidence:UnitQuotaMegabytes"] = quotaMegabytes.ToString();
        });
        await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        var plan = await db.Plans.SingleAsync(p => p.Key == "mengjin-2024");
        var unitId = await db.Units.Where(u => u.RegionId == plan.RegionId && u.Name == "区发展改革委").Select(u => u.Id).SingleAsync();
        var assignments = await db.Assignments.Where(a => a.UnitId == unitId && a.Task!.PlanId == plan.Id)
            .OrderBy(a => a.Id).Select(a => a.Id).Take(3).ToArrayAsync();
        var liaison = new UserContext("fault-liaison", "fault-liaison", "联络员（测试）", new HashSet<string> { AppRoles.Liaison },
            new HashSet<int> { unitId }, new HashSet<int> { plan.RegionId });
        return new Store(host, root, liaison, assignments);
    }

    private static byte[] PdfOfAbout(int bytes, string tag) => Samples.Pdf(tag + new string('x', bytes));

    [Fact]
    public async Task WhenTheRowCannotBeWrittenTheFileThatUploadPlacedIsRemovedAgain()
    {
        await using var store = await StoreAsync("evfault");
        // A real database refusal at the moment the row is inserted (after the file is in place), not a simulated one.
        await using (var db = store.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
                CREATE TRIGGER refuse_evidence BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION refuse_evidence();
                """);
        }
        var bytes = Samples.Pdf("refused-row");

        await Assert.ThrowsAnyAsync<Exception>(() =>
            store.Evidence.UploadAsync(store.Liaison, store.AssignmentIds[0], "整改报告.pdf", new MemoryStream(bytes), bytes.Length));

        Assert.Empty(store.StoredFiles());
        Assert.Empty(Directory.Exists(Path.Combine(store.Root, "tmp")) ? Directory.GetFiles(Path.Combine(store.Root, "tmp")) : []);
        await using (var db = store.CreateDbContext())
            Assert.Equal(0, await db.Evidence.CountAsync(e => e.AssignmentId == store.AssignmentIds[0]));
    }

    [Fact]
    public async Task AUnitOverItsQuotaIsRefusedWithAClearMessageAndNothingIsKept()
    {
        await using var store = await StoreAsync("evquota", quotaMegabytes: 1);
        var first = PdfOfAbout(600_000, "first");
        var second = PdfOfAbout(600_000, "second");

        var accepted = await store.Evidence.UploadAsync(store.Liaison, store.AssignmentIds[0], "第一份.pdf", new MemoryStream(first), first.Length);
        // Another of the unit's assignments: the quota is the unit's, not the assignment's. No declared size, so the refusal
        // comes after the bytes were read.
        var refused = await store.Evidence.UploadAsync(store.Liaison, store.AssignmentIds[1], "第二份.pdf", new MemoryStream(second), null);

        Assert.True(accepted.Succeeded, accepted.Error);
        Assert.False(refused.Succeeded);
        Assert.StartsWith("本单位佐证材料已达存储上限", refused.Error);
        Assert.Contains("上限 1 MB", refused.Error);
        Assert.Single(store.StoredFiles());
        await using var db = store.CreateDbContext();
        Assert.Equal(0, await db.Evidence.CountAsync(e => e.AssignmentId == store.AssignmentIds[1]));
    }

    [Fact]
    public async Task TheSweepDeletesDayOldFilesWithoutRowsAndPartFilesAndReportsRowsWhoseFileIsMissing()
    {
        await using var store = await StoreAsync("evsweep");
        var kept = Samples.Pdf("kept");
        var lost = Samples.Pdf("lost");
        Assert.True((await store.Evidence.UploadAsync(store.Liaison, store.AssignmentIds[0], "保留.pdf", new MemoryStream(kept), kept.Length)).Succeeded);
        var lostRow = await store.Evidence.UploadAsync(store.Liaison, store.AssignmentIds[1], "丢失.pdf", new MemoryStream(lost), lost.Length);
        var disk = (DiskFileStore)store.Host.Services.GetRequiredService<IFileStore>();
        string ShaOf(byte[] b) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(b));
        // A crash between placing a file and committing its row, a day ago and just now; a crash mid-upload; a lost file.
        var oldOrphan = Plant(disk, "old orphan");
        var freshOrphan = Plant(disk, "fresh orphan");
        File.SetLastWriteTimeUtc(disk.PathOf(oldOrphan), DateTime.UtcNow.AddDays(-2));
        Directory.CreateDirectory(disk.TempDirectory);
        var part = Path.Combine(disk.TempDirectory, "crashed.part");
        await File.WriteAllBytesAsync(part, [1, 2, 3]);
        File.SetLastWriteTimeUtc(part, DateTime.UtcNow.AddDays(-2));
        File.Delete(disk.PathOf(ShaOf(lost)));

        var result = await store.Host.Services.GetRequiredService<EvidenceSweep>().RunAsync();

        Assert.Equal(1, result.DeletedOrphans);
        Assert.Equal(1, result.DeletedParts);
        Assert.Equal([lostRow.Evidence!.Id], result.MissingFileRows);
        Assert.False(disk.Exists(oldOrphan));
        Assert.True(disk.Exists(freshOrphan));
        Assert.True(disk.Exists(ShaOf(kept)));
        Assert.False(File.Exists(part));
    }

    private static string Plant(DiskFileStore disk, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Directory.CreateDirectory(Path.GetDirectoryName(disk.PathOf(sha))!);
        File.WriteAllBytes(disk.PathOf(sha), bytes);
        return sha;
    }
}
