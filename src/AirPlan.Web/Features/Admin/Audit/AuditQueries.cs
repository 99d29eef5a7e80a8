using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Admin.Audit;

public sealed record AuditRow(long Id, DateTimeOffset At, string UserName, string Action, string EntityType, string EntityId, int? TaskId,
    string Summary, string? Before, string? After);

/// <summary>操作记录 for administrators: every change, newest first, filtered in PostgreSQL.</summary>
public sealed class AuditQueries(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Paged<AuditRow>> ListAsync(UserContext actor, string? text, string? actionPrefix, int page, int pageSize,
        CancellationToken ct = default)
    {
        AccessPolicy.EnsureReadAudit(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(actionPrefix)) query = query.Where(e => e.Action.StartsWith(actionPrefix));
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = LikePattern.Containing(text);
            query = query.Where(e => EF.Functions.ILike(e.Summary, pattern) || EF.Functions.ILike(e.UserName, pattern));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Id).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(e => new AuditRow(e.Id, e.At, e.UserName, e.Action, e.EntityType, e.EntityId, e.TaskId, e.Summary, e.Before, e.After))
            .ToListAsync(ct);
        return new Paged<AuditRow>(items, total, page, pageSize);
    }
}
