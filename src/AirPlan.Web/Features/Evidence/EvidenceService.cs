using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using EvidenceRow = AirPlan.Core.Domain.Evidence;

namespace AirPlan.Web.Features.Evidence;

/// <summary>
/// 佐证材料: upload, list, remove and download the files a unit attaches to its assignment. Authorisation is checked
/// here whatever the UI shows: only the unit's liaisons upload or remove; whoever may read the plan may list and download.
/// A refused upload leaves nothing behind (no row, no stored file, no temporary file).
/// </summary>
public sealed class EvidenceService(IDbContextFactory<AppDbContext> dbFactory, IFileStore store, IOptions<EvidenceOptions> options,
    TimeProvider clock, ILogger<EvidenceService> logger)
{
    public const string DuplicateNote = "已上传过相同文件，未重复保存";
    public const string NotFoundMessage = "未找到该佐证材料";

    private long MaxBytes => options.Value.MaxBytes;

    public async Task<EvidenceResult> UploadAsync(UserContext actor, int assignmentId, string fileName, Stream content, long? declaredSize,
        IProgress<long>? progress = null, CancellationToken ct = default)
    {
        // Cheap refusals first, before a byte is read.
        var refusal = await CheckCanUploadAsync(actor, assignmentId, ct);
        if (refusal is not null) return EvidenceResult.Fail(refusal);
        if (declaredSize == 0) return EvidenceResult.Fail("文件为空");
        if (declaredSize > MaxBytes) return EvidenceResult.Fail(TooLarge(declaredSize));
        if (declaredSize is { } declared && await QuotaRefusalAsync(assignmentId, declared, ct) is { } full) return EvidenceResult.Fail(full);

        await using var staged = await store.StageAsync(content, MaxBytes, progress, ct);
        if (staged.TooLarge) return EvidenceResult.Fail(TooLarge(declaredSize is { } d && d > MaxBytes ? d : null));
        if (staged.Length == 0) return EvidenceResult.Fail("文件为空");

        var safeName = FileNameSanitizer.Sanitize(fileName);
        FileKind? kind;
        await using (var read = staged.OpenRead()) kind = FileTypeSniffer.Detect(read, safeName);
        if (kind is null) return EvidenceResult.Fail(FileTypeSniffer.UnsupportedMessage);
        var storedName = FileNameSanitizer.WithExtension(safeName, kind);

        // The upload may have taken minutes: check again with a fresh context and write in one transaction.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await FindAssignmentAsync(db, assignmentId, ct);
        refusal = CheckUpload(actor, assignment);
        if (refusal is not null) return EvidenceResult.Fail(refusal);

        var existing = await db.Evidence.AsNoTracking()
            .Where(e => e.AssignmentId == assignmentId && e.Sha256 == staged.Sha256 && e.RemovedAt == null)
            .OrderBy(e => e.Id).FirstOrDefaultAsync(ct);
        if (existing is not null) return EvidenceResult.Ok(ToView(existing), DuplicateNote);

        var now = clock.GetUtcNow();
        // The bytes go into the store (flushed to disk, then renamed into place) before the row commits: a row must never
        // point at a missing file. If the row then fails, the file this upload placed is taken back (decision 018).
        await staged.CommitAsync(ct);
        // Two saves (the audit row needs the evidence id): after a dropped connection both run again on a fresh context.
        var taskId = assignment!.TaskId;
        var unitId = assignment.UnitId;
        EvidenceRow? evidence;
        try
        {
            evidence = await dbFactory.RetryingAsync<EvidenceRow?>(async attempt =>
            {
                await using var tx = await attempt.Database.BeginTransactionAsync(ct);
                // Checked again under a per-unit lock: two uploads of one unit at once must not both fit into the last space.
                await attempt.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({QuotaLockNamespace}, {unitId})", ct);
                if (await UnitUsageAsync(attempt, unitId, ct) + staged.Length > options.Value.UnitQuotaBytes) return null;
                var row = new EvidenceRow(assignmentId, null, storedName, kind.ContentType, staged.Length, staged.Sha256, actor.UserId, actor.Name, now);
                attempt.Evidence.Add(row);
                await attempt.SaveChangesAsync(ct);
                attempt.Audit(actor, now, "evidence.upload", "Evidence", row.Id, taskId,
                    $"上传佐证材料「{storedName}」（{EvidenceFormat.Size(staged.Length)}）", after: AuditShape(row));
                await attempt.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return row;
            }, ct);
        }
        catch
        {
            await TakeBackAsync(staged, CancellationToken.None);
            throw;
        }
        if (evidence is null)
        {
            await TakeBackAsync(staged, CancellationToken.None);
            return EvidenceResult.Fail(QuotaFull(await UnitUsageAsync(unitId, ct), staged.Length));
        }
        logger.LogInformation("{User} 上传佐证材料 {EvidenceId}（{Sha256}）到分工 {AssignmentId}", actor.UserId, evidence.Id, evidence.Sha256, assignmentId);
        return EvidenceResult.Ok(ToView(evidence));
    }

    public async Task<EvidenceResult> RemoveAsync(UserContext actor, int evidenceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var evidence = await db.Evidence.SingleOrDefaultAsync(e => e.Id == evidenceId && e.RemovedAt == null, ct);
        if (evidence is null) return EvidenceResult.Fail("未找到该佐证材料，可能已被删除");
        var assignment = await FindAssignmentAsync(db, evidence.AssignmentId, ct);
        if (assignment is null) return EvidenceResult.Fail("未找到该佐证材料，可能已被删除");
        AccessPolicy.EnsureReport(actor, assignment.UnitId);
        var refusal = RemovalRefusal(assignment);
        if (refusal is not null) return EvidenceResult.Fail(refusal);

        var now = clock.GetUtcNow();
        var before = AuditShape(evidence);
        evidence.Remove(actor.Name, now);
        db.Audit(actor, now, "evidence.remove", "Evidence", evidence.Id, assignment.TaskId,
            $"删除佐证材料「{evidence.FileName}」", before, AuditShape(evidence));
        await db.SaveChangesAsync(ct);
        return EvidenceResult.Ok(ToView(evidence));
    }

    /// <summary>The assignment's evidence (removed files left out), or null when the assignment does not exist.</summary>
    public async Task<EvidenceListing?> ListAsync(UserContext actor, int assignmentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assignment = await FindAssignmentAsync(db, assignmentId, ct);
        if (assignment is null) return null;
        AccessPolicy.EnsureReadTask(actor, assignment.PlanRegionId, await TaskUnitsAsync(db, assignment.TaskId, ct));
        var items = await db.Evidence.AsNoTracking()
            .Where(e => e.AssignmentId == assignmentId && e.RemovedAt == null)
            .OrderBy(e => e.UploadedAt).ThenBy(e => e.Id)
            .ToListAsync(ct);
        var canReport = AccessPolicy.CanReport(actor, assignment.UnitId);
        return new EvidenceListing(assignmentId, items.Select(ToView).ToList(),
            canReport && UploadRefusal(assignment) is null,
            canReport && RemovalRefusal(assignment) is null);
    }

    /// <summary>Opens a file for download, or null when it does not exist, was removed, or its bytes are missing from the store.</summary>
    public async Task<EvidenceDownload?> OpenForDownloadAsync(UserContext actor, int evidenceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Evidence.AsNoTracking()
            .Where(e => e.Id == evidenceId && e.RemovedAt == null)
            .Select(e => new { e.FileName, e.ContentType, e.Size, e.Sha256, RegionId = e.Assignment!.Task!.Plan!.RegionId, e.Assignment.TaskId })
            .SingleOrDefaultAsync(ct);
        if (found is null) return null;
        // Not allowed to see it answers like not there (404), so ids cannot be probed.
        AccessPolicy.EnsureVisibleTask(actor, found.RegionId, await TaskUnitsAsync(db, found.TaskId, ct), NotFoundMessage);
        var sha = found.Sha256.Trim();
        if (!store.Exists(sha))
        {
            logger.LogError("佐证材料 {EvidenceId} 的文件 {Sha256} 不在文件库中", evidenceId, sha);
            return null;
        }
        return new EvidenceDownload(store.OpenRead(sha), found.FileName, found.ContentType, found.Size, sha);
    }

    /// <summary>Units with work on the task: a liaison of any of them may read its files.</summary>
    private static Task<List<int>> TaskUnitsAsync(AppDbContext db, int taskId, CancellationToken ct) =>
        db.Assignments.Where(a => a.TaskId == taskId).Select(a => a.UnitId).ToListAsync(ct);

    private async Task<string?> CheckCanUploadAsync(UserContext actor, int assignmentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return CheckUpload(actor, await FindAssignmentAsync(db, assignmentId, ct));
    }

    private static string? CheckUpload(UserContext actor, AssignmentFacts? assignment)
    {
        if (assignment is null) return "未找到该任务分工";
        AccessPolicy.EnsureReport(actor, assignment.UnitId);
        return UploadRefusal(assignment);
    }

    // A 已撤销 assignment (ADR 012) keeps its files for the record and takes no more work: no new file, none removed.
    private static string? UploadRefusal(AssignmentFacts assignment) =>
        assignment.Closed ? "该责任分工已撤销，不能再上传佐证材料"
        : assignment.Status == AssignmentStatus.Completed ? "该任务已核验完成，不能再上传佐证材料" : null;

    private static string? RemovalRefusal(AssignmentFacts assignment) => assignment.Closed ? "该责任分工已撤销，佐证材料保留备查，不能删除" : assignment.Status switch
    {
        AssignmentStatus.Submitted => "已提交待核验，不能删除佐证材料",
        AssignmentStatus.Completed => "该任务已核验完成，不能删除佐证材料",
        _ => null,
    };

    /// <summary>Advisory-lock namespace for the per-unit quota check (keys: unit ids); apart from <c>ClusterLock</c>'s.</summary>
    private const int QuotaLockNamespace = 0x41505155; // "APQU"

    private async Task<string?> QuotaRefusalAsync(int assignmentId, long size, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unitId = await db.Assignments.Where(a => a.Id == assignmentId).Select(a => (int?)a.UnitId).SingleOrDefaultAsync(ct);
        if (unitId is null) return null;
        var used = await UnitUsageAsync(db, unitId.Value, ct);
        return used + size > options.Value.UnitQuotaBytes ? QuotaFull(used, size) : null;
    }

    private async Task<long> UnitUsageAsync(int unitId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await UnitUsageAsync(db, unitId, ct);
    }

    /// <summary>What counts against a unit's quota: the sizes of its assignments' evidence that is not removed.</summary>
    private static async Task<long> UnitUsageAsync(AppDbContext db, int unitId, CancellationToken ct) =>
        await db.Evidence.Where(e => e.RemovedAt == null && e.Assignment!.UnitId == unitId).SumAsync(e => (long?)e.Size, ct) ?? 0;

    private string QuotaFull(long used, long size) =>
        $"本单位佐证材料已达存储上限（上限 {EvidenceFormat.Size(options.Value.UnitQuotaBytes)}，已用 {EvidenceFormat.Size(used)}，"
        + $"本文件 {EvidenceFormat.Size(size)}），未能保存。请删除不再需要的佐证材料，或联系系统管理员调整上限。";

    /// <summary>
    /// The row was not written: remove the file this upload placed, unless a row references the same bytes (another upload
    /// of the same file). If the database cannot even be asked, the file stays for the sweep (<see cref="EvidenceSweep"/>),
    /// which deletes files without rows once they are a day old.
    /// </summary>
    private async Task TakeBackAsync(StagedFile staged, CancellationToken ct)
    {
        if (!staged.PlacedNewFile) return;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.Evidence.AnyAsync(e => e.Sha256 == staged.Sha256, ct)) return;
            store.TryDelete(staged.Sha256);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "上传失败后未能删除文件 {Sha256}，将由定期清理删除", staged.Sha256);
        }
    }

    private string TooLarge(long? actualSize) =>
        $"文件过大：最大允许 {EvidenceFormat.Size(MaxBytes)}" + (actualSize is { } size ? $"，本文件 {EvidenceFormat.Size(size)}" : "");

    private sealed record AssignmentFacts(int Id, int TaskId, int UnitId, AssignmentStatus Status, int PlanRegionId, bool Closed);

    private static Task<AssignmentFacts?> FindAssignmentAsync(AppDbContext db, int assignmentId, CancellationToken ct) =>
        db.Assignments.AsNoTracking().Where(a => a.Id == assignmentId)
            .Select(a => new AssignmentFacts(a.Id, a.TaskId, a.UnitId, a.Status, a.Task!.Plan!.RegionId, a.ClosedAt != null))
            .SingleOrDefaultAsync(ct);

    private static EvidenceView ToView(EvidenceRow e) =>
        new(e.Id, e.AssignmentId, e.ReportId, e.FileName, e.ContentType, e.Size, e.UploadedById, e.UploadedByName, e.UploadedAt);

    private static object AuditShape(EvidenceRow e) =>
        new { e.AssignmentId, e.FileName, e.ContentType, e.Size, e.Sha256, e.UploadedByName, e.RemovedAt, e.RemovedByName };
}
