namespace AirPlan.Core.Domain;

/// <summary>操作记录: one append-only line of history (who, when, what, before → after).</summary>
public class AuditEntry
{
    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? UserId { get; private set; }
    public string UserName { get; private set; } = "";
    /// <summary>Machine-readable action, e.g. assignment.submit.</summary>
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    /// <summary>The task the change belongs to, so the task timeline can show it.</summary>
    public int? TaskId { get; private set; }
    /// <summary>One sentence in Chinese for people.</summary>
    public string Summary { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    /// <summary>
    /// Place in the hash chain (1, 2, 3 …), the previous row's hash and this row's SHA-256: set by the database as the row is
    /// written, never by the app (docs/decisions/023-audit-hash-chain.md).
    /// </summary>
    public long ChainSeq { get; private set; }
    public byte[]? PrevHash { get; private set; }
    public byte[]? Hash { get; private set; }

    private AuditEntry() { }

    public AuditEntry(DateTimeOffset at, string? userId, string userName, string action, string entityType, string entityId,
        int? taskId, string summary, string? before, string? after)
    {
        At = at;
        UserId = userId;
        UserName = userName;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        TaskId = taskId;
        // A summary quotes what people typed (a 1,000-character 退回原因 and more); it is shortened, never the reason a save fails.
        Summary = FieldLimits.Truncate(summary, FieldLimits.AuditSummary);
        Before = before;
        After = after;
    }
}
