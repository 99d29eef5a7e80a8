using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Security;
using AirPlan.Web.Features.Tasks.Status;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>
/// 督办员 corrections to a task: wording, 持续推进, its 完成时限, and who carries it out (牵头、责任单位、落实乡镇), after the
/// import; concurrent edits are detected on the task's xmin.
/// </summary>
public sealed class TaskEditService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, StatusEngine engine)
{
    /// <summary>
    /// What adding (or removing) a 完成时限 would do to the task's open assignments today: which units would become overdue
    /// and which would no longer be. The change is made inside a transaction that is rolled back, so the status engine's own
    /// triggers judge it — the preview never restates the overdue rule.
    /// </summary>
    public async Task<MilestoneEffect> PreviewMilestoneAsync(UserContext actor, int taskId, uint version, DateOnly? addDueOn,
        int? removeMilestoneId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadAsync(db, actor, taskId, version, ct);
        var open = await db.Assignments.Where(a => a.TaskId == taskId && a.ClosedAt == null)
            .Select(a => new { a.Id, UnitName = a.Unit!.Name }).ToListAsync(ct);
        var ids = open.Select(a => a.Id).ToList();
        // Makes sure today's facts exist (committed), so the rolled-back change below only refreshes them.
        var before = await engine.JudgeAsync(db, ids, ct: ct);
        var asOf = engine.AsOf(null);
        var after = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            var fresh = await db.Tasks.Include(t => t.Milestones).SingleAsync(t => t.Id == taskId, token);
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            if (addDueOn is { } due) fresh.AddMilestone(due, "");
            if (removeMilestoneId is { } id && fresh.Milestones.FirstOrDefault(m => m.Id == id) is { } milestone) fresh.RemoveMilestone(milestone);
            await db.SaveChangesAsync(token);
            var judged = await StatusEngine.Facts(db, asOf).Where(f => ids.Contains(f.AssignmentId))
                .Select(f => new { f.AssignmentId, f.FirstMissedDue }).ToDictionaryAsync(f => f.AssignmentId, f => f.FirstMissedDue, token);
            await transaction.RollbackAsync(token);
            return judged;
        }, ct);
        db.ChangeTracker.Clear();
        string[] Units(Func<DateOnly?, DateOnly?, bool> change) =>
            open.Where(a => change(before.GetValueOrDefault(a.Id)?.FirstMissedDue, after.GetValueOrDefault(a.Id)))
                .Select(a => a.UnitName).Distinct().ToArray();
        return new MilestoneEffect(Units((was, now) => was is null && now is not null), Units((was, now) => was is not null && now is null));
    }

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

    /// <summary>The correction dialog's choices and the task's current (open) units.</summary>
    public async Task<ResponsibilityForm> ResponsibilityFormAsync(UserContext actor, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.Tasks.AsNoTracking().Include(t => t.Plan).Include(t => t.Assignments.Where(a => a.ClosedAt == null)).ThenInclude(a => a.Unit)
            .SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new DomainException("未找到该任务");
        AccessPolicy.EnsureCoordinate(actor, task.Plan!.RegionId);
        var regionId = task.Plan.RegionId;
        // Departments, and any other unit the task already has as 牵头 or 责任 (a town the document named as lead).
        var named = task.Assignments.Where(a => a.Role != AssignmentRole.Implementing).Select(a => a.UnitId).ToList();
        var departments = await db.Units.AsNoTracking().Where(u => u.RegionId == regionId && (u.Kind == UnitKind.Department || named.Contains(u.Id)))
            .OrderBy(u => u.Kind).ThenBy(u => u.Name).Select(u => new ResponsibilityOption(u.Id, u.Name)).ToListAsync(ct);
        var townships = await db.Regions.AsNoTracking().Where(r => r.ParentId == regionId).OrderBy(r => r.Code)
            .Select(r => new ResponsibilityOption(r.Id, r.Name)).ToListAsync(ct);
        var open = task.Assignments;
        return new ResponsibilityForm(task.Version, departments, townships, new ResponsibilityInput(
            open.Where(a => a.Role == AssignmentRole.Lead).Select(a => a.UnitId).ToList(),
            open.Where(a => a.Role == AssignmentRole.Supporting).Select(a => a.UnitId).ToList(),
            task.TownshipScope,
            open.Where(a => a.Role == AssignmentRole.Implementing && a.Unit!.TownshipRegionId != null).Select(a => a.Unit!.TownshipRegionId!.Value).ToList()));
    }

    /// <summary>调整前预览: what <see cref="ChangeResponsibilitiesAsync"/> would do to the task's assignments; nothing is saved.</summary>
    public async Task<IReadOnlyList<ResponsibilityPreviewRow>> PreviewResponsibilitiesAsync(UserContext actor, int taskId,
        ResponsibilityInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadWithAssignmentsAsync(db, actor, taskId, ct);
        var (leads, supporting, townships) = await ResolveAsync(db, task.Plan!, input, ct);
        var changes = task.PlanResponsibilities(leads, supporting, townships);
        var ids = changes.Where(c => c.Assignment is not null).Select(c => c.Assignment!.Id).ToList();
        var reports = await db.ProgressReports.Where(r => ids.Contains(r.AssignmentId)).GroupBy(r => r.AssignmentId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var evidence = await db.Evidence.Where(e => ids.Contains(e.AssignmentId) && e.RemovedAt == null).GroupBy(e => e.AssignmentId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return changes.Select(c => new ResponsibilityPreviewRow(c.Unit.Name, c.Kind, c.From, c.To,
                reports.GetValueOrDefault(c.Assignment?.Id ?? 0), evidence.GetValueOrDefault(c.Assignment?.Id ?? 0)))
            .OrderBy(r => r.Kind).ThenBy(r => r.UnitName).ToList();
    }

    /// <summary>
    /// 调整责任分工: sets the task's lead, supporting and implementing units (ADR 012): one row per unit, a role change keeps
    /// the row, a unit taken off is closed (已撤销) with its records, never deleted. Audited as 字段：原值 → 新值.
    /// </summary>
    public async Task<IReadOnlyList<ResponsibilityChange>> ChangeResponsibilitiesAsync(UserContext actor, int taskId, uint version,
        ResponsibilityInput input, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await LoadWithAssignmentsAsync(db, actor, taskId, ct);
        db.Entry(task).Property(t => t.Version).OriginalValue = version;
        var (leads, supporting, townships) = await ResolveAsync(db, task.Plan!, input, ct);
        var before = Responsibilities(task);
        var now = clock.GetUtcNow();
        var changes = task.ChangeResponsibilities(leads, supporting, input.Scope, townships, $"{actor.Name}调整责任分工", now);
        if (changes.Count == 0 && before.Equals(Responsibilities(task))) return changes;
        string Lines(ResponsibilityChangeKind kind) => string.Join("、", changes.Where(c => c.Kind == kind)
            .Select(c => kind == ResponsibilityChangeKind.RoleChanged
                ? $"{c.Unit.Name}（{StatusTitles.Of(c.From!.Value)}→{StatusTitles.Of(c.To!.Value)}）"
                : $"{c.Unit.Name}（{StatusTitles.Of((c.To ?? c.From)!.Value)}）"));
        string? Listed(ResponsibilityChangeKind kind) => Lines(kind) is { Length: > 0 } text ? text : null;
        var after = Responsibilities(task);
        db.Audit(actor, now, "task.responsibilities", nameof(PlanTask), task.Id, task.Id,
            $"{actor.Name} 调整了任务 {task.Number} 的责任分工：" + string.Join("；", Enum.GetValues<ResponsibilityChangeKind>()
                .Where(k => changes.Any(c => c.Kind == k)).Select(k => $"{Titles.Of(k)} {Lines(k)}")),
            before.Audit(), after.Audit() with
            {
                Added = Listed(ResponsibilityChangeKind.Added), Closed = Listed(ResponsibilityChangeKind.Closed),
                RoleChanged = Listed(ResponsibilityChangeKind.RoleChanged), Reopened = Listed(ResponsibilityChangeKind.Reopened),
            });
        await db.SaveOrConflictAsync(ct);
        return changes;
    }

    private sealed record ResponsibilityState(string LeadUnits, string SupportingUnits, string TownshipScope, string Townships)
    {
        public ResponsibilityAudit Audit() => new(LeadUnits, SupportingUnits, TownshipScope, Townships);
    }

    /// <summary>The audit row's shape; the change lists are written on the after side only (empty = none of that kind).</summary>
    private sealed record ResponsibilityAudit(string LeadUnits, string SupportingUnits, string TownshipScope, string Townships)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Added { get; init; }
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Closed { get; init; }
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? RoleChanged { get; init; }
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Reopened { get; init; }
    }

    private static ResponsibilityState Responsibilities(PlanTask task)
    {
        var open = task.Assignments.Where(a => !a.IsClosed).ToList();
        string Names(AssignmentRole role) =>
            string.Join("、", open.Where(a => a.Role == role).Select(a => a.Unit!.Name).Order(StringComparer.Ordinal));
        var towns = Names(AssignmentRole.Implementing);
        return new ResponsibilityState(Names(AssignmentRole.Lead), Names(AssignmentRole.Supporting), Titles.Of(task.TownshipScope),
            task.TownshipScope == TownshipScopeKind.All ? $"{open.Count(a => a.Role == AssignmentRole.Implementing)}个" : towns);
    }

    private static async Task<PlanTask> LoadWithAssignmentsAsync(AppDbContext db, UserContext actor, int taskId, CancellationToken ct)
    {
        var task = await db.Tasks.Include(t => t.Plan).ThenInclude(p => p!.Region)
            .Include(t => t.Assignments).ThenInclude(a => a.Unit)
            .AsSplitQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new DomainException("未找到该任务");
        AccessPolicy.EnsureCoordinate(actor, task.Plan!.RegionId);
        return task;
    }

    /// <summary>
    /// The input's units, checked to be the plan region's own; a township is found by its division row, and a township that
    /// has never had work gets its unit now (as the import would have made it).
    /// </summary>
    private static async Task<(List<Unit> Leads, List<Unit> Supporting, List<Unit> Townships)> ResolveAsync(AppDbContext db, Plan plan,
        ResponsibilityInput input, CancellationToken ct)
    {
        var regionId = plan.RegionId;
        var departmentIds = input.LeadUnitIds.Concat(input.SupportingUnitIds).Distinct().ToList();
        var departments = await db.Units.Where(u => departmentIds.Contains(u.Id) && u.RegionId == regionId).ToDictionaryAsync(u => u.Id, ct);
        if (departments.Count != departmentIds.Count) throw new DomainException("所选单位不属于本方案所在地区，请刷新后重试");
        var subordinates = await db.Regions.Where(r => r.ParentId == regionId).ToListAsync(ct);
        var wanted = input.Scope switch
        {
            TownshipScopeKind.All => subordinates,
            TownshipScopeKind.Named => subordinates.Where(r => input.TownshipRegionIds.Contains(r.Id)).ToList(),
            _ => [],
        };
        if (input.Scope == TownshipScopeKind.Named && wanted.Count != input.TownshipRegionIds.Distinct().Count())
            throw new DomainException("所选乡镇（街道）不属于本方案所在地区，请刷新后重试");
        // Found or created the way the importer does (by region, then by name), so a correction never makes a second unit.
        var directory = await UnitDirectory.LoadAsync(db, plan.Region!, ct);
        var townships = wanted.Select(directory.Township).ToList();
        return (input.LeadUnitIds.Select(id => departments[id]).ToList(), input.SupportingUnitIds.Select(id => departments[id]).ToList(), townships);
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
