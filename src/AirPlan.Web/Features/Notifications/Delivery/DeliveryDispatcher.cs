using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Notifications.Delivery;

/// <summary>
/// Sends what is due in the outbox. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c> and leased (their next attempt moved
/// past the send), so several instances share the work without sending anything twice, and a row claimed by an instance that
/// dies is picked up again when its lease ends. A failure is retried with growing pauses; after the last attempt the row
/// is marked failed and waits on /admin/deliveries for 重新发送.
/// </summary>
public sealed class DeliveryDispatcher(IDbContextFactory<AppDbContext> dbFactory, MailSender mail, RobotSender robots,
    IOptionsMonitor<NotificationOptions> options, TimeProvider clock, ILogger<DeliveryDispatcher> logger)
{
    public const int BatchSize = 20;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Pause after the n-th failed attempt (1-based); the last pause repeats.</summary>
    public static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4)];

    /// <summary>Sends every due delivery, batch by batch; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var attempted = 0;
        while (!ct.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(ct);
            foreach (var id in claimed) await SendAsync(id, ct);
            attempted += claimed.Count;
            if (claimed.Count < BatchSize) break;
        }
        return attempted;
    }

    private async Task<List<long>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leaseEnd = now + Lease;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One statement, so the row locks last only as long as it does; the lease is what keeps others away while sending.
        return await db.Database.SqlQuery<long>($"""
            UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = {leaseEnd}
            WHERE id IN (SELECT id FROM notification_deliveries
                         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {now}
                         ORDER BY next_attempt_at, id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(ct);
    }

    private async Task SendAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.NotificationDeliveries.Include(d => d.Robot).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null) return;
        try
        {
            switch (delivery.Channel)
            {
                case DeliveryChannel.Email:
                    await mail.SendAsync(delivery.Target, delivery.Subject, delivery.Payload, ct);
                    break;
                default:
                    await robots.SendAsync(delivery.Robot ?? throw new InvalidOperationException("群机器人已删除"), delivery.Payload, ct);
                    break;
            }
            delivery.Delivered(clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and another instance (or this one after restart) tries again.
            return;
        }
        catch (Exception e)
        {
            var retry = delivery.Attempts < options.CurrentValue.MaxAttempts ? Backoff[Math.Min(delivery.Attempts, Backoff.Length) - 1] : (TimeSpan?)null;
            delivery.AttemptFailed(Describe(e), clock.GetUtcNow(), retry);
            if (retry is null) logger.LogWarning("消息发送失败，已尝试 {Attempts} 次，不再重试：{Channel} {Target} {Error}", delivery.Attempts, delivery.Channel, delivery.Target, e.Message);
            else logger.LogInformation("消息发送失败，{Delay} 后重试：{Channel} {Target} {Error}", retry, delivery.Channel, delivery.Target, e.Message);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Describe(Exception e) => e.InnerException is { } inner && inner.Message != e.Message
        ? $"{e.GetType().Name}：{e.Message}（{inner.Message}）"
        : $"{e.GetType().Name}：{e.Message}";
}

/// <summary>The sender in the background: on start, when nudged by a save on this instance, and every poll interval.</summary>
internal sealed class DeliveryWorker(DeliveryDispatcher dispatcher, DeliverySignal signal, IOptionsMonitor<NotificationOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be away; the outbox keeps everything until the next round.
                logger.LogError(e, "发送消息失败，下一轮再试");
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.CurrentValue.PollSeconds)), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
