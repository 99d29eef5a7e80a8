using System.Runtime.CompilerServices;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Notifications.Delivery;

/// <summary>
/// Adds the outbox rows to the save that adds <see cref="Notification"/>s, so <see cref="Notifier.Notify"/> keeps its
/// signature and every sender gets e-mail and robots without knowing they exist: one e-mail per recipient with an address
/// (while AirPlan:Mail is configured), one post per event to each robot of a unit or region the recipients are bound to.
/// A retried save (<see cref="Resilience.SaveInTransactionAsync"/>) finds its rows already added and adds none twice.
/// </summary>
public sealed class DeliveryOutbox(IOptionsMonitor<NotificationOptions> options, IOptionsMonitor<MailOptions> mail,
    TimeProvider clock, DeliverySignal signal) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db) await AddDeliveriesAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db) AddDeliveriesAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // Nudge this instance's sender. Inside an explicit transaction this is before the commit: the sender then finds
        // nothing yet and sends at its next poll.
        if (eventData.Context is not null && Added.Remove(eventData.Context)) signal.Nudge();
        return ValueTask.FromResult(result);
    }

    private static readonly ConditionalWeakTable<DbContext, object> Added = new();

    private async Task AddDeliveriesAsync(AppDbContext db, CancellationToken ct)
    {
        List<Notification> fresh;
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        // Added entities are tracked as such the moment they are added: no need for a full DetectChanges on every save.
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var added = tracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (added.Count == 0) return;
            var handled = tracker.Entries<NotificationDelivery>().Select(e => e.Entity.Notification).ToHashSet();
            var handledEvents = added.Where(handled.Contains).Select(EventOf).ToHashSet();
            fresh = added.Where(n => !handledEvents.Contains(EventOf(n))).ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
        if (fresh.Count == 0) return;

        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        if (mail.CurrentValue.IsConfigured)
        {
            var userIds = fresh.Select(n => n.UserId).Distinct().ToList();
            var addresses = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Email != null && u.Email != "")
                .Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
            foreach (var n in fresh)
            {
                if (!addresses.TryGetValue(n.UserId, out var address)) continue;
                var (subject, text) = DeliveryMessages.Email(n, settings);
                db.NotificationDeliveries.Add(new NotificationDelivery(n, DeliveryChannel.Email, address, null, subject, text, now));
            }
        }

        await AddRobotPostsAsync(db, fresh, settings, now, ct);
        Added.AddOrUpdate(db, db);
    }

    /// <summary>
    /// A fixed number of queries per save however many events it carries (the daily job writes thousands at once), and one
    /// cheap EXISTS when no robot is set up anywhere.
    /// </summary>
    private static async Task AddRobotPostsAsync(AppDbContext db, List<Notification> fresh, NotificationOptions settings,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.GroupRobots.AnyAsync(ct)) return;
        var recipients = fresh.Select(n => n.UserId).Distinct().ToList();
        var units = await db.UserUnits.AsNoTracking().Where(uu => recipients.Contains(uu.UserId))
            .Select(uu => new { uu.UserId, uu.UnitId }).ToListAsync(ct);
        var regions = await db.UserRegions.AsNoTracking().Where(ur => recipients.Contains(ur.UserId))
            .Select(ur => new { ur.UserId, ur.RegionId }).ToListAsync(ct);
        var unitIds = units.Select(u => u.UnitId).Distinct().ToList();
        var regionIds = regions.Select(r => r.RegionId).Distinct().ToList();
        var robots = await db.GroupRobots.AsNoTracking()
            .Where(r => (r.UnitId != null && unitIds.Contains(r.UnitId.Value)) || (r.RegionId != null && regionIds.Contains(r.RegionId.Value)))
            .OrderBy(r => r.Id).ToListAsync(ct);
        if (robots.Count == 0) return;
        var assignmentIds = fresh.Where(n => n.AssignmentId != null).Select(n => n.AssignmentId!.Value).Distinct().ToList();
        var unitOfAssignment = await db.Assignments.AsNoTracking().Where(a => assignmentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.UnitId, ct);

        foreach (var group in fresh.GroupBy(EventOf))
        {
            var to = group.Select(n => n.UserId).ToHashSet();
            var eventUnits = units.Where(u => to.Contains(u.UserId)).Select(u => u.UnitId).ToHashSet();
            // A liaison may report for several units: only the robot of the unit the event is about, when it is about one.
            if (group.Key.AssignmentId is { } assignmentId && unitOfAssignment.TryGetValue(assignmentId, out var unitId))
                eventUnits.IntersectWith([unitId]);
            var eventRegions = regions.Where(r => to.Contains(r.UserId)).Select(r => r.RegionId).ToHashSet();
            var first = group.First();
            foreach (var robot in robots.Where(r => r.UnitId is { } u ? eventUnits.Contains(u) : eventRegions.Contains(r.RegionId!.Value)))
            {
                var (subject, payload) = DeliveryMessages.Robot(robot.Kind, first, settings);
                db.NotificationDeliveries.Add(new NotificationDelivery(first, robot.Kind, robot.Name, robot.Id, subject, payload, now));
            }
        }
    }

    // One event = the same message to several people (Notify writes one row per recipient with identical content).
    private static (string Kind, string Title, string Body, string? Link, int? TaskId, int? AssignmentId, DateTimeOffset At) EventOf(Notification n) =>
        (n.Kind, n.Title, n.Body, n.Link, n.TaskId, n.AssignmentId, n.CreatedAt);
}

/// <summary>Wakes this instance's sender when a save added deliveries, so a message leaves within a second, not a poll later.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _nudged = new(0, 1);

    public void Nudge()
    {
        try { _nudged.Release(); }
        catch (SemaphoreFullException) { }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _nudged.WaitAsync(timeout, ct);
    }
}
