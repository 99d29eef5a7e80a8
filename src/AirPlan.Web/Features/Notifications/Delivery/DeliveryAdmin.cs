using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Notifications.Delivery;

public enum DeliveryState { Failed, Pending, Delivered }

public sealed record DeliveryRow(long Id, DeliveryChannel Channel, string Target, string Subject, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, string? LastError, string? Link);

public sealed record RobotRow(int Id, DeliveryChannel Kind, string Name, string WebhookUrl, bool Signed, string Owner, int? UnitId,
    int? RegionId);

public sealed record RobotInput(DeliveryChannel Kind, string Name, string WebhookUrl, string? Secret, int? UnitId);

/// <summary>
/// 消息发送记录 for admins (failed deliveries with their error, 重新发送) and the 群机器人 of a region and its units for
/// whoever maintains that region's units.
/// </summary>
public sealed class DeliveryAdmin(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, DeliverySignal signal)
{
    public async Task<Paged<DeliveryRow>> ListAsync(UserContext actor, DeliveryState state, int page, int pageSize, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageDeliveries(actor);
        page = Math.Max(1, page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.NotificationDeliveries.AsNoTracking();
        query = state switch
        {
            DeliveryState.Failed => query.Where(d => d.FailedAt != null),
            DeliveryState.Pending => query.Where(d => d.DeliveredAt == null && d.FailedAt == null),
            _ => query.Where(d => d.DeliveredAt != null),
        };
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new DeliveryRow(d.Id, d.Channel, d.Target, d.Subject, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt,
                d.FailedAt, d.LastError, d.Notification!.Link))
            .ToListAsync(ct);
        return new Paged<DeliveryRow>(items, total, page, pageSize);
    }

    public async Task<int> CountFailedAsync(UserContext actor, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageDeliveries(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NotificationDeliveries.CountAsync(d => d.FailedAt != null, ct);
    }

    /// <summary>重新发送: the delivery gets a fresh set of attempts, starting at once.</summary>
    public async Task ResendAsync(UserContext actor, long id, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageDeliveries(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.NotificationDeliveries.SingleOrDefaultAsync(d => d.Id == id, ct)
                       ?? throw new NotFoundException("该发送记录不存在");
        if (delivery.DeliveredAt is not null) throw new AirPlan.Core.Domain.DomainException("该消息已发送成功，无需重新发送");
        var now = clock.GetUtcNow();
        delivery.Resend(now);
        db.Audit(actor, now, "delivery.resend", nameof(NotificationDelivery), delivery.Id, null,
            $"{actor.Name} 重新发送消息「{delivery.Subject}」至 {delivery.Target}");
        await db.SaveInTransactionAsync((d, token) => d.SaveChangesAsync(token), ct);
        signal.Nudge();
    }

    /// <summary>The robots of a region and of its units.</summary>
    public async Task<IReadOnlyList<RobotRow>> RobotsAsync(UserContext actor, int regionId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageRobots(actor, regionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.GroupRobots.AsNoTracking()
            .Where(r => r.RegionId == regionId || (r.Unit != null && r.Unit.RegionId == regionId))
            .OrderBy(r => r.UnitId != null).ThenBy(r => r.Unit!.Name).ThenBy(r => r.Id)
            .Select(r => new RobotRow(r.Id, r.Kind, r.Name, r.WebhookUrl, r.Secret != null, r.Unit != null ? r.Unit.Name : r.Region!.Name,
                r.UnitId, r.RegionId))
            .ToListAsync(ct);
    }

    /// <param name="input">UnitId null: the robot is the region's (its coordinators' group).</param>
    public async Task<int> AddRobotAsync(UserContext actor, int regionId, RobotInput input, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageRobots(actor, regionId);
        // Two saves (the audit row names the new id), so each attempt starts from a fresh context.
        return await dbFactory.RetryingAsync(async db =>
        {
            if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId && u.RegionId == regionId, ct))
                throw new NotFoundException("该单位不存在或不属于本地区");
            var now = clock.GetUtcNow();
            var robot = new GroupRobot(input.Kind, input.Name, input.WebhookUrl, input.Secret, input.UnitId,
                input.UnitId is null ? regionId : null, now);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.GroupRobots.Add(robot);
            await db.SaveChangesAsync(ct);
            // The URL's key is not written to the history: the audit table is read more widely than this page.
            db.Audit(actor, now, "robot.add", nameof(GroupRobot), robot.Id, null, $"{actor.Name} 添加群机器人「{robot.Name}」（{KindTitle(robot.Kind)}）");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return robot.Id;
        }, ct);
    }

    public async Task RemoveRobotAsync(UserContext actor, int robotId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var robot = await db.GroupRobots.Include(r => r.Unit).SingleOrDefaultAsync(r => r.Id == robotId, ct)
                    ?? throw new NotFoundException("该群机器人不存在");
        var regionId = robot.RegionId ?? robot.Unit!.RegionId;
        if (!AccessPolicy.CanManageRobots(actor, regionId)) throw new NotFoundException("该群机器人不存在");
        db.GroupRobots.Remove(robot);
        db.Audit(actor, clock.GetUtcNow(), "robot.remove", nameof(GroupRobot), robot.Id, null, $"{actor.Name} 删除群机器人「{robot.Name}」");
        await db.SaveInTransactionAsync((d, token) => d.SaveChangesAsync(token), ct);
    }

    public static string KindTitle(DeliveryChannel kind) => kind switch
    {
        DeliveryChannel.Email => "电子邮件",
        DeliveryChannel.WeCom => "企业微信群机器人",
        DeliveryChannel.DingTalk => "钉钉群机器人",
        _ => kind.ToString(),
    };
}
