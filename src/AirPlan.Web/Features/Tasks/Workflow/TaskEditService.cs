using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>督办员 corrections to a task: wording, 持续推进, and its 完成时限; concurrent edits are detected on the task's xmin.</summary>
public sealed class TaskEditService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public async Task EditAsync(UserContext actor, int taskId, uint version, string title, string text, bool isContinuous,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadAsync(db, actor, taskId, version, ct);
        var before = new { task.Title, task.Text, task.IsContinuous };
        task.Edit(title, text, isContinuous);
        db.Audit(actor, clock.GetUtcNow(), "task.edit", nameof(PlanTask), task.Id, task.Id, $"{actor.Name} 修改了任务 {task.Number} 的内容",
            before, new { task.Title, task.Text, task.IsContinuous });
        await db.SaveOrConflictAsync(ct);
    }

    public async Task AddMilestoneAsync(UserContext actor, int taskId, uint version, DateOnly dueOn, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadAsync(db, actor, taskId, version, ct);
        var milestone = task.AddMilestone(dueOn, text ?? "");
        db.Audit(actor, clock.GetUtcNow(), "task.milestone-add", nameof(PlanTask), task.Id, task.Id,
            $"{actor.Name} 为任务 {task.Number} 增加完成时限 {dueOn.Year}年{dueOn.Month}月{dueOn.Day}日（{milestone.Text}）", null,
            new { DueOn = dueOn, milestone.Text });
        await db.SaveOrConflictAsync(ct);
    }

    public async Task RemoveMilestoneAsync(UserContext actor, int taskId, uint version, int milestoneId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadAsync(db, actor, taskId, version, ct);
        var milestone = task.Milestones.FirstOrDefault(m => m.Id == milestoneId) ?? throw new DomainException("未找到该完成时限");
        task.RemoveMilestone(milestone);
        db.Audit(actor, clock.GetUtcNow(), "task.milestone-remove", nameof(PlanTask), task.Id, task.Id,
            $"{actor.Name} 删除了任务 {task.Number} 的完成时限 {milestone.DueOn.Year}年{milestone.DueOn.Month}月{milestone.DueOn.Day}日",
            new { milestone.DueOn, milestone.Text }, null);
        await db.SaveOrConflictAsync(ct);
    }

    private static async Task<PlanTask> LoadAsync(AppDbContext db, UserContext actor, int taskId, uint version, CancellationToken ct)
    {
        var task = await db.Tasks.Include(t => t.Plan).Include(t => t.Milestones).SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new DomainException("未找到该任务");
        AccessPolicy.EnsureCoordinate(actor, task.Plan!.RegionId);
        db.Entry(task).Property(t => t.Version).OriginalValue = version;
        return task;
    }

}
