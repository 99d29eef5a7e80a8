using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Notifications;

public sealed record MessageRow(long Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool IsRead);

/// <summary>
/// The signed-in account's 消息: the bell's count, the page's list, opening and marking read. Every query starts from
/// <see cref="Visibility.Messages"/>, so another account's message answers as if it did not exist.
/// </summary>
public sealed class Inbox(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string NotFound = "该消息不存在或已删除";

    /// <summary>The bell: one COUNT on the partial index of unread rows (ix_notifications_unread).</summary>
    public async Task<int> CountUnreadAsync(UserContext actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visibility.Messages(db, actor).CountAsync(n => n.ReadAt == null, ct);
    }

    /// <summary>Newest first; <paramref name="unreadOnly"/> is the 未读 filter.</summary>
    public async Task<Paged<MessageRow>> ListAsync(UserContext actor, bool unreadOnly, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Visibility.Messages(db, actor).AsNoTracking();
        if (unreadOnly) query = query.Where(n => n.ReadAt == null);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new MessageRow(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(ct);
        return new Paged<MessageRow>(items, total, page, pageSize);
    }

    /// <summary>Opening a message marks it read and answers where it leads (null: it has no link).</summary>
    public async Task<string?> OpenAsync(UserContext actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await Visibility.Messages(db, actor).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (message is null || !AccessPolicy.CanReadMessage(actor, message.UserId)) throw new NotFoundException(NotFound);
        if (message.ReadAt is null)
        {
            message.MarkRead(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        return message.Link;
    }

    /// <summary>全部标为已读: one UPDATE over the user's unread rows (the same effect as <see cref="Notification.MarkRead"/> on each).</summary>
    public async Task<int> MarkAllReadAsync(UserContext actor, CancellationToken ct = default)
    {
        if (!actor.IsAuthenticated) return 0;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Visibility.Messages(db, actor).Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}

/// <summary>Per circuit: the 消息 page tells the bell in the top bar that the count has changed.</summary>
public sealed class InboxChanges
{
    public event Action? Changed;

    public void Read() => Changed?.Invoke();
}
