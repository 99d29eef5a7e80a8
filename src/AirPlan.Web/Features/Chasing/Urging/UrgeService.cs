using AirPlan.Core.Domain;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Chasing.Urging;

/// <summary>How a manual 催办 went: assignments urged, and how many of them have no liaison to receive it.</summary>
public sealed record UrgeResult(int Urged, int WithoutLiaison, int Notifications);

/// <summary>
/// Manual 催办: a coordinator of the plan's region chases one assignment or a selection with a message. Every assignment is
/// authorised on its own and all or none are urged; each gets a 催办 message to its unit's liaisons and a line on its task's
/// history, in one transaction.
/// </summary>
public sealed class UrgeService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxMessageLength = 500;
    public const int MaxSelection = 500;
    private const string AssignmentNotFound = "未找到该责任分工，可能已被删除";

    public async Task<UrgeResult> UrgeAsync(UserContext actor, IReadOnlyCollection<int> assignmentIds, string? message, CancellationToken ct = default)
    {
        var ids = assignmentIds.Distinct().ToArray();
        if (ids.Length == 0) throw new DomainException("请先选择要催办的责任分工");
        if (ids.Length > MaxSelection) throw new DomainException($"一次最多催办 {MaxSelection} 条责任分工");
        var note = message?.Trim() ?? "";
        if (note.Length > MaxMessageLength) throw new DomainException($"催办内容不能超过 {MaxMessageLength} 个字");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = await db.Assignments.AsNoTracking().Where(a => ids.Contains(a.Id) && a.ClosedAt == null)
            .Select(a => new { a.Id, a.TaskId, a.UnitId, a.Status, UnitName = a.Unit!.Name, a.Task!.Title, a.Task.Plan!.Key, a.Task.Plan.RegionId })
            .ToListAsync(ct);
        if (targets.Count != ids.Length) throw new NotFoundException(AssignmentNotFound);
        var taskIds = targets.Select(t => t.TaskId).Distinct().ToList();
        var unitsByTask = (await db.Assignments.Where(a => taskIds.Contains(a.TaskId)).Select(a => new { a.TaskId, a.UnitId }).ToListAsync(ct))
            .ToLookup(a => a.TaskId, a => a.UnitId);
        foreach (var t in targets)
        {
            // Whoever may not see a task is told it does not exist; 403 only for what one can see but not chase.
            AccessPolicy.EnsureVisibleTask(actor, t.RegionId, unitsByTask[t.TaskId], AssignmentNotFound);
            AccessPolicy.EnsureCoordinate(actor, t.RegionId);
            if (t.Status == AssignmentStatus.Completed) throw new DomainException($"{t.UnitName}「{t.Title}」已完成，无需催办");
        }

        var liaisons = await Recipients.LiaisonsOfUnitsAsync(db, targets.Select(t => t.UnitId).Distinct().ToList(), ct);
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var t in targets)
        {
            var body = $"{actor.Name} 催办 {t.UnitName}承担的「{t.Title}」" + (note.Length > 0 ? $"：{note}" : "，请抓紧办理并及时报送进展。");
            sent += db.Notify(liaisons.GetValueOrDefault(t.UnitId) ?? [], NotificationKinds.Urged, $"催办：{t.Title}", body,
                Notifier.AssignmentLink(t.Key, t.TaskId, t.Id), t.TaskId, t.Id, now).Count;
            db.Audit(actor, now, "assignment.urge", nameof(Assignment), t.Id, t.TaskId,
                $"{actor.Name} 催办 {t.UnitName}" + (note.Length > 0 ? $"：{note}" : ""), after: new { Message = note });
        }
        await db.SaveInTransactionAsync((d, token) => d.SaveChangesAsync(token), ct);
        return new UrgeResult(targets.Count, targets.Count(t => !liaisons.ContainsKey(t.UnitId)), sent);
    }
}
