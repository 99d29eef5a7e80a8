using System.Text.Encodings.Web;
using System.Text.Json;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Security;

namespace AirPlan.Web.Common;

/// <summary>Adds history rows to the same context as the change, so both commit or neither does.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Audit(this AppDbContext db, UserContext actor, DateTimeOffset at, string action, string entityType,
        object entityId, int? taskId, string summary, object? before = null, object? after = null) =>
        db.AuditEntries.Add(new AuditEntry(at, actor.IsAuthenticated ? actor.UserId : null, actor.IsAuthenticated ? actor.Name : "系统",
            action, entityType, entityId.ToString() ?? "", taskId, summary,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json)));

    /// <summary>A row for someone who is not signed in (a failed sign-in attempt): no user id, shown as 访客 rather than 系统.</summary>
    public static void AuditVisitor(this AppDbContext db, DateTimeOffset at, string action, string entityType, object entityId,
        string summary, object? after = null) =>
        db.AuditEntries.Add(new AuditEntry(at, null, "访客", action, entityType, entityId.ToString() ?? "", null, summary, null,
            after is null ? null : JsonSerializer.Serialize(after, Json)));
}
