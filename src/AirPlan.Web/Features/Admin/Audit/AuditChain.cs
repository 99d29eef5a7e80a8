using AirPlan.Core.Formatting;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Admin.Audit;

/// <summary>What is wrong at the first broken link of the audit hash chain (audit_chain_verify in Data/Sql/audit_chain.sql).</summary>
public enum AuditChainProblem
{
    /// <summary>The row's content no longer gives its hash: edited in place.</summary>
    Changed,
    /// <summary>The row does not link to the row before it: that one was replaced.</summary>
    Relinked,
    /// <summary>Rows before this one are gone.</summary>
    Missing,
}

/// <summary>The first broken link: the row at fault, when it was written, its place in the chain and what is wrong.</summary>
public sealed record AuditChainBreak(long EntryId, DateTimeOffset At, long ChainSeq, AuditChainProblem Problem, long MissingRows);

/// <summary>
/// The verdict on the whole history: how many rows, the head (last place and hash, to write down elsewhere: removing the newest
/// rows leaves a shorter chain that is intact, and only a recorded head shows it) and the first broken link, if any.
/// </summary>
public sealed record AuditChainReport(long Rows, long HeadSeq, string HeadHash, AuditChainBreak? Break)
{
    public bool Intact => Break is null;

    /// <summary>The verdict in the offices' words, for the page and the command line.</summary>
    public string Message(TimeZoneInfo zone) => Break switch
    {
        null when Rows == 0 => "操作记录为空，无需校验。",
        null => $"操作记录哈希链完整：共 {Rows} 条，逐条校验均未发现改动或删除。",
        { } b => $"操作记录哈希链在第 {b.EntryId} 号记录处断开（链上第 {b.ChainSeq} 条，{Time(b.At, zone)}）：" + b.Problem switch
        {
            AuditChainProblem.Changed => "该记录的内容与其哈希不符，已被直接修改。",
            AuditChainProblem.Relinked => "该记录与前一条记录的哈希不相接，前一条记录已被替换。",
            _ => $"该记录之前缺少 {b.MissingRows} 条记录，已被直接删除。",
        },
    };

    private static string Time(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return $"{ChineseDate.Format(DateOnly.FromDateTime(local.DateTime))} {local:HH:mm:ss}";
    }
}

/// <summary>
/// 校验操作记录: asks PostgreSQL to walk the audit hash chain (docs/decisions/023-audit-hash-chain.md). The hashing and the
/// checking are both in the database (audit_entry_digest), so the canonical content is written once; this class only reads
/// the verdict. For administrators (the page) and the CLI (airplan audit verify), which has no signed-in user.
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<AppDbContext> dbFactory)
{
    public Task<AuditChainReport> VerifyAsync(UserContext actor, CancellationToken ct = default)
    {
        AccessPolicy.EnsureReadAudit(actor);
        return VerifyAsync(ct);
    }

    /// <summary>Without an actor: for the command line, which runs with the database's own credentials.</summary>
    public async Task<AuditChainReport> VerifyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One pass over the table, one SHA-256 a row (docs/performance.md); a read, so the retrying strategy may run it again.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(token);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT total, head_seq, head_hash, broken_id, broken_at, broken_seq, problem, missing_rows FROM audit_chain_verify()";
                await using var reader = await command.ExecuteReaderAsync(token);
                await reader.ReadAsync(token);
                AuditChainBreak? broken = reader.IsDBNull(3) ? null : new AuditChainBreak(reader.GetInt64(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5), reader.GetString(6) switch
                    {
                        "changed" => AuditChainProblem.Changed,
                        "relinked" => AuditChainProblem.Relinked,
                        _ => AuditChainProblem.Missing,
                    }, reader.IsDBNull(7) ? 0 : reader.GetInt64(7));
                return new AuditChainReport(reader.GetInt64(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                    reader.IsDBNull(2) ? "" : Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2)), broken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, ct);
    }
}
