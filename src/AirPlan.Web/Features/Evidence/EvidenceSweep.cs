using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Evidence;

/// <summary>
/// Tidies the evidence store after crashes (docs/decisions/018-uploads-under-faults.md). Uploads place the file before the
/// row commits, so a crash or a failed commit can leave a file without a row, and a crash mid-upload a part file in tmp/;
/// both are deleted once older than <see cref="Grace"/> (an upload in flight has a file whose row is not committed yet).
/// A row whose file is missing cannot be repaired here: it is logged as an error for a person to restore from backup.
/// Runs under the cluster lock (Hosting/Clustering).
/// </summary>
public sealed class EvidenceSweep(IDbContextFactory<AppDbContext> dbFactory, IFileStore store, TimeProvider clock, ILogger<EvidenceSweep> logger)
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    public async Task<EvidenceSweepResult> RunAsync(CancellationToken ct = default)
    {
        if (store is not DiskFileStore disk || !Directory.Exists(disk.Root)) return EvidenceSweepResult.Nothing;
        var cutoff = clock.GetUtcNow().UtcDateTime - Grace;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every row, removed ones too: a removed file stays on disk for the history (decision 004). Files sent with a
        // 督办单's reply share the store (same checks, same backups), so their rows count as references too.
        var referenced = (await db.Evidence.AsNoTracking().Select(e => e.Sha256)
                .Union(db.NoticeReplyFiles.AsNoTracking().Select(f => f.Sha256)).ToListAsync(ct))
            .Select(s => s.Trim()).ToHashSet(StringComparer.Ordinal);

        var orphans = disk.StoredHashes().Where(h => !referenced.Contains(h.Sha256) && h.WrittenAtUtc < cutoff).ToList();
        var deletedOrphans = 0;
        if (referenced.Count == 0 && orphans.Count > 0)
        {
            // An empty table beside a full folder is far likelier a wrong connection string or folder than a store whose every
            // row went: deleting would wipe the store. A person decides.
            logger.LogWarning("佐证材料表为空，但存储目录 {Root} 中有 {Count} 个文件：疑似数据库或目录配置错误，本次不清理", disk.Root, orphans.Count);
        }
        else
        {
            foreach (var orphan in orphans)
            {
                if (disk.TryDelete(orphan.Sha256)) deletedOrphans++;
            }
            if (deletedOrphans > 0)
                logger.LogWarning("已删除 {Count} 个没有记录的佐证材料文件（超过 {Hours} 小时）：{Hashes}", deletedOrphans, Grace.TotalHours,
                    string.Join(", ", orphans.Select(o => o.Sha256)));
        }

        var deletedParts = disk.DeleteStagedOlderThan(cutoff);
        if (deletedParts > 0) logger.LogWarning("已删除 {Count} 个中断上传留下的临时文件", deletedParts);

        var missing = referenced.Where(h => !disk.Exists(h)).ToHashSet(StringComparer.Ordinal);
        var missingRows = missing.Count == 0 ? []
            : await db.Evidence.AsNoTracking().Where(e => missing.Contains(e.Sha256)).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        if (missingRows.Count > 0)
            logger.LogError("{Count} 条佐证材料记录的文件不在存储目录 {Root} 中（需从备份恢复）：记录 {Ids}", missingRows.Count, disk.Root,
                string.Join(", ", missingRows));

        return new EvidenceSweepResult(deletedOrphans, deletedParts, missingRows);
    }
}

/// <param name="MissingFileRows">Evidence rows whose file is not in the store (logged, not changed).</param>
public sealed record EvidenceSweepResult(int DeletedOrphans, int DeletedParts, IReadOnlyList<int> MissingFileRows)
{
    public static readonly EvidenceSweepResult Nothing = new(0, 0, []);
}
