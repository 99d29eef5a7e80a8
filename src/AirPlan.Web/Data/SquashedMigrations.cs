using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AirPlan.Web.Data;

/// <summary>
/// The four migrations of November 2026 were squashed into one <see cref="Squashed"/> migration before any deployment existed.
/// Developers' databases made by the old four already have exactly the schema the squashed one creates (their pg_dump is
/// identical), so their history is rewritten to say so; otherwise Migrate would try to create every table again.
/// </summary>
public static class SquashedMigrations
{
    private const string HistoryTable = DataServiceExtensions.MigrationsHistoryTable;

    /// <summary>The migration that replaced <see cref="Replaced"/>.</summary>
    public const string Squashed = "20261202140732_InitialSchema";

    /// <summary>The old migrations, in order; the last one is the schema <see cref="Squashed"/> reproduces.</summary>
    public static readonly IReadOnlyList<string> Replaced =
    [
        "20261124171733_InitialSchema",
        "20261124173041_WorkTracking",
        "20261124175735_StatusHistory",
        "20261124204712_AssignmentFacts",
    ];

    /// <summary>Rewrites an old database's history to the squashed migration; returns whether it did. Call before Migrate.</summary>
    public static async Task<bool> AdoptOldHistoryAsync(DatabaseFacade database, CancellationToken ct = default)
    {
        var applied = (await database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (applied.Contains(Squashed) || !applied.Overlaps(Replaced)) return false;
        if (!applied.Contains(Replaced[^1]))
            // Only part of the old schema: the squashed migration cannot be run over it, nor recorded as applied.
            throw new InvalidOperationException(
                $"数据库只执行了旧迁移的一部分（缺少 {Replaced[^1]}），无法升级到合并后的迁移 {Squashed}；请删除该开发数据库后重新启动。"
                + $" / The database has only part of the old migrations (no {Replaced[^1]}); delete this development database and start again.");

        // ON CONFLICT: two processes starting at once (app and command line) may both get here; the second insert is a no-op.
        // ON CONFLICT and a delete by key: safe to run again from the start after a dropped connection.
        await database.InTransactionAsync(ct => database.ExecuteSqlRawAsync(
            $$"""
             INSERT INTO {{HistoryTable}} (migration_id, product_version)
             SELECT {0}, product_version FROM {{HistoryTable}} WHERE migration_id = {1}
             ON CONFLICT DO NOTHING;
             DELETE FROM {{HistoryTable}} WHERE migration_id = ANY ({2});
             """,
            [Squashed, Replaced[^1], Replaced.ToArray()], ct), ct);
        return true;
    }
}
