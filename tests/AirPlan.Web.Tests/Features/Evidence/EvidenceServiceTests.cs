using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Features.Evidence;

[Collection(PostgresCollection.Name)]
public sealed class EvidenceServiceTests(PostgresServer server) : IAsyncLifetime
{
    private const long MaxBytes = 64 * 1024;

    // One database and store for the class (importing the seeds per test would dominate its time); each test checks
    // changes against a snapshot or uses its own assignment, so the order of tests does not matter.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Shared? _shared;

    private sealed record Shared(IHost Host, string StoreRoot, int RegionId, int UnitId, int OtherUnitId, int[] AssignmentIds);

    private IHost _host = default!;
    private EvidenceService _evidence = default!;
    private string _storeRoot = "";
    private int _regionId;
    private int _unitId;
    private int _otherUnitId;
    private int[] _assignmentIds = [];

    public async Task InitializeAsync()
    {
        var shared = await GetSharedAsync(server);
        (_host, _storeRoot, _regionId, _unitId, _otherUnitId, _assignmentIds) = shared;
        _evidence = _host.Services.GetRequiredService<EvidenceService>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<Shared> GetSharedAsync(PostgresServer server)
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is not null) return _shared;
            var storeRoot = Path.Combine(Path.GetTempPath(), "airplan-evidence-" + Guid.NewGuid().ToString("N"));
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                if (Directory.Exists(storeRoot)) Directory.Delete(storeRoot, recursive: true);
            };
            var host = TestServices.Build(await SeedTemplates.SeededCopyAsync(server, "evidence"), configure: b =>
            {
                b.Configuration["AirPlan:Evidence:StoragePath"] = storeRoot;
                b.Configuration["AirPlan:Evidence:MaxBytes"] = MaxBytes.ToString();
            });

            await using var db = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
            var plan = await db.Plans.SingleAsync(p => p.Key == "mengjin-2024");
            var unitId = await db.Units.Where(u => u.RegionId == plan.RegionId && u.Name == "区发展改革委").Select(u => u.Id).SingleAsync();
            var otherUnitId = await db.Units.Where(u => u.RegionId == plan.RegionId && u.Id != unitId && u.Kind == UnitKind.Department)
                .Select(u => u.Id).FirstAsync();
            var assignmentIds = await db.Assignments.Where(a => a.UnitId == unitId && a.Task!.PlanId == plan.Id)
                .OrderBy(a => a.Id).Select(a => a.Id).Take(4).ToArrayAsync();
            Assert.Equal(4, assignmentIds.Length);
            return _shared = new Shared(host, storeRoot, plan.RegionId, unitId, otherUnitId, assignmentIds);
        }
        finally
        {
            Gate.Release();
        }
    }

    private int Assignment => _assignmentIds[0];

    private UserContext Liaison => User("liaison", AppRoles.Liaison, [_unitId]);
    private UserContext OtherLiaison => User("other-liaison", AppRoles.Liaison, [_otherUnitId]);
    private UserContext Leader => User("leader", AppRoles.Leader, []);

    private UserContext User(string id, string role, int[] units) =>
        new(id, id, id + "（测试）", new HashSet<string> { role }, units.ToHashSet(), new HashSet<int> { _regionId });

    [Fact]
    public async Task AnAcceptedPdfIsStoredOnceEvenWhenUploadedTwice()
    {
        var bytes = Samples.Pdf("twice");

        var first = await _evidence.UploadAsync(Liaison, Assignment, "整改报告.pdf", new MemoryStream(bytes), bytes.Length);
        var second = await _evidence.UploadAsync(Liaison, Assignment, "整改报告（再次）.pdf", new MemoryStream(bytes), bytes.Length);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal("application/pdf", first.Evidence!.ContentType);
        Assert.Equal(bytes.Length, first.Evidence.Size);
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(first.Evidence.Id, second.Evidence!.Id);
        Assert.Equal(EvidenceService.DuplicateNote, second.Note);
        await using var db = CreateDbContext();
        var rows = await db.Evidence.Where(e => e.AssignmentId == Assignment && e.FileName.StartsWith("整改报告")).ToListAsync();
        Assert.Single(rows);
        Assert.Single(StoredFiles(), f => Path.GetFileName(f) == rows[0].Sha256.Trim());
        Assert.Empty(TempFiles());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "evidence.upload" && a.EntityId == rows[0].Id.ToString()));
    }

    /// <summary>
    /// The offices' own formats are taken under their names when the bytes are what the name says (WPS 文字/表格 save Word and
    /// Excel content, OFD is a zip with OFD.xml, RAR its signature); a name cannot make other content that kind.
    /// </summary>
    [Theory]
    [InlineData("doc", "通知.wps", "通知.wps", "application/kswps")]
    [InlineData("xlsx", "台账.et", "台账.et", "application/kset")]
    [InlineData("ofd", "批复.ofd", "批复.ofd", "application/ofd")]
    [InlineData("rar", "照片.rar", "照片.rar", "application/vnd.rar")]
    [InlineData("zip", "照片打包.rar", "照片打包.zip", "application/zip")]
    public async Task WpsEtOfdAndRarFilesAreAcceptedWithTheSameContentChecks(string sample, string name, string stored, string contentType)
    {
        var bytes = sample switch
        {
            "doc" => Samples.Doc(), "xlsx" => Samples.Xlsx(), "ofd" => Samples.Ofd(), "rar" => Samples.Rar(), _ => Samples.PlainZip(),
        };

        var result = await _evidence.UploadAsync(Liaison, _assignmentIds[1], name, new MemoryStream(bytes), bytes.Length);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((stored, contentType), (result.Evidence!.FileName, result.Evidence.ContentType));
    }

    [Fact]
    public async Task TheSameBytesOnAnotherAssignmentGetTheirOwnRowButShareTheStoredFile()
    {
        var bytes = Samples.Pdf("shared");

        var a = await _evidence.UploadAsync(Liaison, _assignmentIds[0], "共享.pdf", new MemoryStream(bytes), bytes.Length);
        var b = await _evidence.UploadAsync(Liaison, _assignmentIds[1], "共享.pdf", new MemoryStream(bytes), bytes.Length);

        Assert.True(a.Succeeded && b.Succeeded);
        Assert.NotEqual(a.Evidence!.Id, b.Evidence!.Id);
        await using var db = CreateDbContext();
        var sha = (await db.Evidence.SingleAsync(e => e.Id == a.Evidence.Id)).Sha256.Trim();
        Assert.Single(StoredFiles(), f => Path.GetFileName(f) == sha);
    }

    [Fact]
    public async Task AFileLargerThanTheLimitIsRefusedFromItsDeclaredSizeWithoutBeingRead()
    {
        var result = await RefusedKeepsNothingAsync(() =>
            _evidence.UploadAsync(Liaison, Assignment, "大文件.pdf", new UnreadableStream(), 63 * 1024 * 1024 + 200_000));

        Assert.Equal("文件过大：最大允许 64 KB，本文件 63.2 MB", result.Error);
    }

    [Fact]
    public async Task AFileThatTurnsOutLargerThanItsDeclaredSizeIsRefusedWhileStreaming()
    {
        var bytes = Samples.Pdf().Concat(new byte[MaxBytes]).ToArray();

        var result = await RefusedKeepsNothingAsync(() =>
            _evidence.UploadAsync(Liaison, Assignment, "谎报大小.pdf", new MemoryStream(bytes), declaredSize: 1000));

        Assert.StartsWith("文件过大：最大允许 64 KB", result.Error);
    }

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        var declared = await RefusedKeepsNothingAsync(() => _evidence.UploadAsync(Liaison, Assignment, "空.pdf", new MemoryStream(), 0));
        var streamed = await RefusedKeepsNothingAsync(() => _evidence.UploadAsync(Liaison, Assignment, "空.pdf", new MemoryStream(), null));

        Assert.Equal("文件为空", declared.Error);
        Assert.Equal("文件为空", streamed.Error);
    }

    [Theory]
    [InlineData("exe")]
    [InlineData("html")]
    public async Task AProgramOrWebPageNamedLikeAReportIsRefused(string sample)
    {
        var bytes = sample == "exe" ? Samples.Exe() : Samples.Html();

        var result = await RefusedKeepsNothingAsync(() => _evidence.UploadAsync(Liaison, Assignment, "报告.pdf", new MemoryStream(bytes), bytes.Length));

        Assert.Equal(FileTypeSniffer.UnsupportedMessage, result.Error);
    }

    [Fact]
    public async Task PathsAndControlCharactersInTheNameAreStrippedAndTheExtensionFollowsTheContent()
    {
        var pdf = Samples.Pdf("passwd");
        var jpeg = Samples.Jpeg();

        var traversal = await _evidence.UploadAsync(Liaison, Assignment, "../../etc/passwd.pdf", new MemoryStream(pdf), pdf.Length);
        var control = await _evidence.UploadAsync(Liaison, Assignment, "现场\u0007照片\r\n.png", new MemoryStream(jpeg), jpeg.Length);

        Assert.Equal("passwd.pdf", traversal.Evidence!.FileName);
        Assert.Equal("现场照片.jpg", control.Evidence!.FileName);
        Assert.Equal("image/jpeg", control.Evidence.ContentType);
        Assert.All(StoredFiles(), f => Assert.StartsWith(_storeRoot, f));
    }

    [Fact]
    public async Task ALiaisonOfAnotherUnitAndALeaderAreRefused()
    {
        var bytes = Samples.Pdf("intruder");

        foreach (var user in new[] { OtherLiaison, Leader })
        {
            var before = await SnapshotAsync();
            var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
                _evidence.UploadAsync(user, Assignment, "越权.pdf", new MemoryStream(bytes), bytes.Length));
            Assert.Contains("联络员", denied.Message);
            Assert.Equal(before, await SnapshotAsync());
        }
    }

    [Fact]
    public async Task ACompletedAssignmentTakesNoMoreEvidence()
    {
        var completed = _assignmentIds[2];
        await SetStatusAsync(completed, AssignmentStatus.Completed);
        var bytes = Samples.Pdf("late");

        var result = await RefusedKeepsNothingAsync(() => _evidence.UploadAsync(Liaison, completed, "补充.pdf", new MemoryStream(bytes), bytes.Length));

        Assert.Equal("该任务已核验完成，不能再上传佐证材料", result.Error);
    }

    [Fact]
    public async Task RemovalHidesTheFileKeepsTheRowAndIsAudited()
    {
        var bytes = Samples.Png();
        var uploaded = await _evidence.UploadAsync(Liaison, Assignment, "待删除.png", new MemoryStream(bytes), bytes.Length);

        var removed = await _evidence.RemoveAsync(Liaison, uploaded.Evidence!.Id);

        Assert.True(removed.Succeeded, removed.Error);
        var listing = await _evidence.ListAsync(Leader, Assignment);
        Assert.DoesNotContain(listing!.Items, e => e.Id == uploaded.Evidence.Id);
        Assert.Null(await _evidence.OpenForDownloadAsync(Liaison, uploaded.Evidence.Id));
        await using var db = CreateDbContext();
        var row = await db.Evidence.SingleAsync(e => e.Id == uploaded.Evidence.Id);
        Assert.NotNull(row.RemovedAt);
        Assert.Equal(Liaison.Name, row.RemovedByName);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "evidence.remove" && a.EntityId == row.Id.ToString()));
    }

    [Fact]
    public async Task EvidenceOfASubmittedAssignmentCannotBeRemovedAndOthersMayNotRemoveIt()
    {
        var submitted = _assignmentIds[3];
        var bytes = Samples.Pdf("submitted");
        var uploaded = await _evidence.UploadAsync(Liaison, submitted, "已提交.pdf", new MemoryStream(bytes), bytes.Length);
        await SetStatusAsync(submitted, AssignmentStatus.Submitted);

        var refused = await _evidence.RemoveAsync(Liaison, uploaded.Evidence!.Id);

        Assert.Equal("已提交待核验，不能删除佐证材料", refused.Error);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _evidence.RemoveAsync(Leader, uploaded.Evidence.Id));
        var listing = await _evidence.ListAsync(Liaison, submitted);
        Assert.Contains(listing!.Items, e => e.Id == uploaded.Evidence.Id);
        Assert.False(listing.CanRemove);
        Assert.True(listing.CanUpload);
    }

    [Fact]
    public async Task ReadersOfThePlanListAndDownloadButOutsidersAreRefused()
    {
        var bytes = Samples.Docx();
        var uploaded = await _evidence.UploadAsync(Liaison, Assignment, "台账说明.docx", new MemoryStream(bytes), bytes.Length);
        var outsider = new UserContext("outsider", "outsider", "外地领导", new HashSet<string> { AppRoles.Leader }, new HashSet<int>(), new HashSet<int> { -1 });

        var listing = await _evidence.ListAsync(Leader, Assignment);
        await using (var download = await _evidence.OpenForDownloadAsync(Leader, uploaded.Evidence!.Id))
        {
            using var copy = new MemoryStream();
            await download!.Content.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
            Assert.Equal("台账说明.docx", download.FileName);
        }

        Assert.False(listing!.CanUpload);
        Assert.False(listing.CanRemove);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _evidence.ListAsync(outsider, Assignment));
        // A download names a file by id: an outsider is told it does not exist, as for an unknown id.
        await Assert.ThrowsAsync<NotFoundException>(() => _evidence.OpenForDownloadAsync(outsider, uploaded.Evidence.Id));
    }

    private async Task<EvidenceResult> RefusedKeepsNothingAsync(Func<Task<EvidenceResult>> upload)
    {
        var before = await SnapshotAsync();
        var result = await upload();
        Assert.False(result.Succeeded);
        Assert.Null(result.Evidence);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Empty(TempFiles());
        return result;
    }

    /// <summary>Evidence rows, audit rows and stored files: a refusal must change none of them.</summary>
    private async Task<(int Rows, int AuditRows, string Files)> SnapshotAsync()
    {
        await using var db = CreateDbContext();
        return (await db.Evidence.CountAsync(), await db.AuditEntries.CountAsync(), string.Join("|", StoredFiles().Order()));
    }

    private string[] StoredFiles() => Directory.Exists(_storeRoot)
        ? Directory.GetFiles(_storeRoot, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Path.Combine(_storeRoot, "tmp"))).ToArray()
        : [];

    private string[] TempFiles()
    {
        var tmp = Path.Combine(_storeRoot, "tmp");
        return Directory.Exists(tmp) ? Directory.GetFiles(tmp) : [];
    }

    private async Task SetStatusAsync(int assignmentId, AssignmentStatus status)
    {
        await using var db = CreateDbContext();
        var assignment = await db.Assignments.SingleAsync(a => a.Id == assignmentId);
        assignment.OverrideStatus(status, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    private AppDbContext CreateDbContext() => _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Fails the test if the service reads a byte of an upload it should have refused from the declared size.</summary>
    private sealed class UnreadableStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("不应读取被拒绝的文件");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
