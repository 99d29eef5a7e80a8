using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Parsing;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Plans.Import.Review;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Revision;

/// <summary>
/// 导入修订版 → 差异确认 → 确认修订 (ADR 027). The revised document is uploaded and reviewed like any plan
/// (<see cref="PlanImportReviewService.StartRevisionAsync"/>); this service compares the reviewed tasks with the running plan
/// (<see cref="PlanRevisionDiff"/>, the one matching rule) and applies the difference in one transaction: continued tasks keep
/// their assignments and everything recorded on them, units no longer responsible and removed tasks are closed as 已撤销 through
/// <see cref="PlanTask.ChangeResponsibilities"/> / <see cref="PlanTask.Withdraw"/> (ADR 012's path), new tasks are built as the
/// import builds them (<see cref="PlanGraphBuilder"/>).
/// </summary>
public sealed class PlanRevisionService(IDbContextFactory<AppDbContext> dbFactory, OfficeClock clock, ILogger<PlanRevisionService> logger)
{
    public const string ReviseAction = "plan.revise";
    public const string TaskReviseAction = "task.revise";

    private static readonly JsonSerializerOptions Json = new();

    /// <summary>差异确认: what confirming the actor's revision draft would change in its plan; nothing is written.</summary>
    public async Task<RevisionDiffView> DiffAsync(UserContext actor, int draftId, CancellationToken ct = default)
    {
        var (draft, review) = await DraftAsync(actor, draftId, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await LoadAsync(db, actor, review.RevisionOf!, ct);
        return await ViewAsync(db, plan, draft, review, ct);
    }

    /// <summary>
    /// 确认修订: applies the revision as the diff computed on <paramref name="basis"/> showed it. If the plan has changed since
    /// (a task edited, units adjusted, another revision), nothing is written and the outcome carries the recomputed diff.
    /// </summary>
    public async Task<RevisionOutcome> ApplyAsync(UserContext actor, int draftId, uint draftVersion, string basis, CancellationToken ct = default)
    {
        var (draft, review) = await DraftAsync(actor, draftId, ct);
        if (draft.Version != draftVersion) throw new ConcurrencyConflictException();
        var hash = PlanImporter.Sha256(draft.SourceText);
        // Saves twice (temporary paths first, so renumbered tasks never collide on the plan's unique paths), so a dropped
        // connection runs the whole attempt again on a fresh context; the failed attempt never committed.
        return await dbFactory.RetryingAsync(async db =>
        {
            var plan = await LoadAsync(db, actor, review.RevisionOf!, ct);
            var view = await ViewAsync(db, plan, draft, review, ct);
            if (view.Basis != basis) return new RevisionOutcome(false, view);
            if (await db.Plans.AnyAsync(p => p.SourceSha256 == hash && p.Id != plan.Id, ct))
                throw new DomainException("该文件已作为另一个方案导入，不能作为本方案的修订版");
            var parsed = view.Parsed;
            if (parsed.Tasks.FirstOrDefault(t => t.Lead.Count == 0 && t.Supporting.Count == 0 && t.Townships.Kind == TownshipScopeKind.None) is { } bare)
                throw new DomainException($"任务 {bare.Number}「{bare.Title}」没有任何责任单位，请在核对中补充后再确认");

            var now = clock.Time.GetUtcNow();
            var next = plan.Revision + 1;
            var tasks = plan.Tasks.Where(t => t.ParentId == null && !t.IsWithdrawn).ToDictionary(t => t.Id);
            var diff = view.Diff;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // 1. Removed tasks leave the numbering (their path keeps the version they ended in); continued tasks get a
            //    temporary path and lose their sub-items (which carry no work, ADR 003) for the revision's.
            var withdrawn = new List<(PlanTask Task, IReadOnlyList<ResponsibilityChange> Closed)>();
            foreach (var old in diff.Removed)
            {
                var task = tasks[old.Key];
                var closed = task.Withdraw($"第{next}版（修订版）删除该任务", now);
                foreach (var item in task.Subitems.Prepend(task))
                    item.Place(item.Chapter, item.Number, $"{item.Path}~v{plan.Revision}", item.Order, item.Section);
                withdrawn.Add((task, closed));
            }
            foreach (var match in diff.Matches)
            {
                var task = tasks[match.Old.Key];
                task.Place(task.Chapter, task.Number, $"~{task.Id}", task.Order, task.Section);
                db.Tasks.RemoveRange(task.Subitems);
            }
            await db.SaveOrConflictAsync(ct);

            // 2. The revision's tasks in its order: continued ones placed and brought up to date, new ones built.
            var units = await UnitDirectory.LoadAsync(db, plan.Region!, ct);
            var builder = new PlanGraphBuilder(plan, units, await RegionResolver.SubordinatesAsync(db, plan.Region!, ct),
                orderAfter: plan.Tasks.Max(t => t.Order));
            builder.AddChapters(parsed);
            var matches = diff.Matches.ToDictionary(m => m.New.Key);
            var added = new List<PlanTask>();
            foreach (var parsedTask in parsed.Tasks)
            {
                if (matches.TryGetValue(parsedTask.Order, out var match))
                {
                    var task = tasks[match.Old.Key];
                    builder.Place(task, parsedTask);
                    Revise(db, actor, task, parsedTask, builder, diff.Changes.Where(c => c.New == match.New).ToList(), next, now);
                }
                else added.Add(builder.AddTask(parsedTask));
            }
            plan.Revise(parsed.Title, parsed.DocNumber, parsed.Issuer, parsed.IssuedOn, parsed.PlanYear, draft.SourceText, hash,
                draft.FileName, clock.Today, now);
            await db.SaveOrConflictAsync(ct);

            // 3. History, with the new tasks' ids, and the draft's removal, in the same commit.
            foreach (var (task, closed) in withdrawn)
                db.Audit(actor, now, TaskReviseAction, nameof(PlanTask), task.Id, task.Id,
                    $"{actor.Name} 导入修订版（第{next}版）删除了任务 {task.Number}「{task.Title}」，{closed.Count} 条责任分工撤销（记录保留）",
                    new { task.Number, task.Title, LeadUnits = string.Join("、", task.LeadUnitNames), SupportingUnits = string.Join("、", task.SupportingUnitNames) },
                    new { Closed = string.Join("、", closed.Select(c => c.Unit.Name)) });
            foreach (var task in added)
                db.Audit(actor, now, TaskReviseAction, nameof(PlanTask), task.Id, task.Id,
                    $"{actor.Name} 导入修订版（第{next}版）新增了任务 {task.Number}「{task.Title}」，{task.Assignments.Count} 条责任分工",
                    null, new { task.Number, task.Title, LeadUnits = string.Join("、", task.LeadUnitNames), SupportingUnits = string.Join("、", task.SupportingUnitNames),
                        Deadlines = string.Join("、", task.Milestones.OrderBy(m => m.DueOn).Select(m => ChineseDate.Format(m.DueOn))) });
            var counts = string.Join("，", Enum.GetValues<RevisionChangeKind>().Where(k => diff.Count(k) > 0)
                .Select(k => $"{PlanRevisionDiff.Title(k)} {diff.Count(k)} 项"));
            db.Audit(actor, now, ReviseAction, "plan", plan.Id, null,
                $"{actor.Name} 导入修订版「{draft.FileName}」，方案「{plan.Title}」更新为第{next}版：{(counts.Length > 0 ? counts : "任务无变化")}",
                new { Revision = next - 1, SourceSha256 = plan.Versions.Last().SourceSha256 },
                new { Revision = next, draft.FileName, SourceSha256 = hash, Changes = diff.Changes.Select(Sentence).ToList() });
            if (await db.PlanImportDrafts.Where(d => d.Id == draftId && d.Version == draftVersion).ExecuteDeleteAsync(ct) == 0)
                throw new ConcurrencyConflictException();
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("方案 {Key} 已更新为第{Revision}版：{Changes}", plan.Key, next, counts);
            return new RevisionOutcome(true, view);
        }, ct);
    }

    /// <summary>One continued task brought to the revision: wording, units (ADR 012's path), deadlines; one history row.</summary>
    private static void Revise(AppDbContext db, UserContext actor, PlanTask task, ParsedTask parsed, PlanGraphBuilder builder,
        IReadOnlyList<RevisionChange> changes, int revision, DateTimeOffset now)
    {
        if (changes.Count == 0) return;
        var before = Snapshot(task);
        var kinds = changes.Select(c => c.Kind).ToHashSet();
        if (kinds.Contains(RevisionChangeKind.Reworded) || kinds.Contains(RevisionChangeKind.DeadlinesChanged))
            task.Edit(parsed.Title, parsed.Text.Length > 0 ? parsed.Text : parsed.Title, parsed.Deadlines.Count == 0 && parsed.IsContinuous);
        IReadOnlyList<ResponsibilityChange> moved = [];
        if (kinds.Contains(RevisionChangeKind.UnitsChanged) || kinds.Contains(RevisionChangeKind.ScopeChanged))
        {
            var (leads, supporting, townships) = builder.UnitsOf(parsed);
            moved = task.ChangeResponsibilities(leads, supporting, parsed.Townships.Kind, townships, $"第{revision}版（修订版）调整责任分工", now);
        }
        if (kinds.Contains(RevisionChangeKind.DeadlinesChanged)) MoveMilestones(task, parsed.Deadlines);
        var after = Snapshot(task);
        string? Listed(ResponsibilityChangeKind kind) => moved.Where(c => c.Kind == kind).Select(c => c.Unit.Name).ToList() is { Count: > 0 } names
            ? string.Join("、", names) : null;
        db.Audit(actor, now, TaskReviseAction, nameof(PlanTask), task.Id, task.Id,
            $"{actor.Name} 导入修订版（第{revision}版）调整了任务 {task.Number}：{string.Join("、", kinds.Order().Select(PlanRevisionDiff.Title))}",
            before, after with
            {
                Added = Listed(ResponsibilityChangeKind.Added), Closed = Listed(ResponsibilityChangeKind.Closed),
                RoleChanged = Listed(ResponsibilityChangeKind.RoleChanged), Reopened = Listed(ResponsibilityChangeKind.Reopened),
            });
    }

    /// <summary>
    /// The revision's deadlines on the task: kept where unchanged, moved in order where one date replaced another (the same
    /// milestone, so checkpoints reached stay), added or removed as TaskEditService does beyond that.
    /// </summary>
    private static void MoveMilestones(PlanTask task, IReadOnlyList<ParsedDeadline> deadlines)
    {
        var wanted = deadlines.DistinctBy(d => d.Date).OrderBy(d => d.Date).ToList();
        var gone = task.Milestones.Where(m => wanted.All(d => d.Date != m.DueOn)).OrderBy(m => m.DueOn).ToList();
        var come = wanted.Where(d => task.Milestones.All(m => m.DueOn != d.Date)).ToList();
        for (var i = 0; i < Math.Min(gone.Count, come.Count); i++) task.MoveMilestone(gone[i], come[i].Date, come[i].Text);
        foreach (var milestone in gone.Skip(come.Count)) task.RemoveMilestone(milestone);
        foreach (var deadline in come.Skip(gone.Count)) task.AddMilestone(deadline.Date, deadline.Text);
    }

    private sealed record TaskAudit(string Number, string Title, string Text, string LeadUnits, string SupportingUnits, string TownshipScope,
        string Deadlines)
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

    private static TaskAudit Snapshot(PlanTask task)
    {
        var open = task.Assignments.Where(a => !a.IsClosed).ToList();
        string Names(AssignmentRole role) => string.Join("、", open.Where(a => a.Role == role).Select(a => a.Unit!.Name).Order(StringComparer.Ordinal));
        return new TaskAudit(task.Number, task.Title, task.Text, Names(AssignmentRole.Lead), Names(AssignmentRole.Supporting),
            task.TownshipScope == TownshipScopeKind.Named ? string.Join("、", task.NamedTownships) : AirPlan.Web.Features.Tasks.Workflow.Titles.Of(task.TownshipScope),
            task.IsContinuous && task.Milestones.Count == 0 ? "持续推进"
                : string.Join("、", task.Milestones.OrderBy(m => m.DueOn).Select(m => $"{ChineseDate.Format(m.DueOn)}（{m.Text}）")));
    }

    public static string Sentence(RevisionChange change) => change.Kind switch
    {
        RevisionChangeKind.Added => $"新增任务 {change.New!.Label}",
        RevisionChangeKind.Removed => $"删除任务 {change.Old!.Label}",
        _ => $"{change.Title}：任务 {change.New!.Number}（原 {change.Old!.Number}）{change.Was} → {change.Is}",
    };

    private async Task<(PlanImportDraft Draft, PlanReview Review)> DraftAsync(UserContext actor, int draftId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await PlanImportReviewService.OwnDraftAsync(db, actor, draftId, ct);
        var review = PlanImportReviewService.Deserialize(draft.Review);
        if (!review.IsRevision) throw new DomainException("这份核对不是修订版，请按导入方案确认");
        return (draft, review);
    }

    /// <summary>The plan with every task, its open and closed assignments and milestones, tracked; only its region's coordinators.</summary>
    private static async Task<Plan> LoadAsync(AppDbContext db, UserContext actor, string key, CancellationToken ct)
    {
        var plan = await db.Plans.Include(p => p.Region).Include(p => p.Chapters).Include(p => p.Versions)
            .SingleOrDefaultAsync(p => p.Key == key, ct) ?? throw new NotFoundException($"方案「{key}」不存在");
        AccessPolicy.EnsureRevisePlan(actor, plan.RegionId);
        await db.Tasks.Where(t => t.PlanId == plan.Id).Include(t => t.Chapter).Include(t => t.Milestones)
            .Include(t => t.Assignments).ThenInclude(a => a.Unit).AsSplitQuery().LoadAsync(ct);
        return plan;
    }

    private static async Task<RevisionDiffView> ViewAsync(AppDbContext db, Plan plan, PlanImportDraft draft, PlanReview review, CancellationToken ct)
    {
        var units = await UnitDirectory.LoadAsync(db, plan.Region!, ct);
        var running = plan.Tasks.Where(t => t.ParentId == null && !t.IsWithdrawn).OrderBy(t => t.Order).Select(t =>
        {
            var open = t.Assignments.Where(a => !a.IsClosed).OrderBy(a => a.Id).ToList();
            List<string> Names(AssignmentRole role) => open.Where(a => a.Role == role).Select(a => a.Unit!.Name).Distinct().ToList();
            return new RevisionTask(t.Id, t.Chapter?.Number ?? "", t.Number, t.Title, t.Text, Names(AssignmentRole.Lead),
                Names(AssignmentRole.Supporting), t.TownshipScope, t.NamedTownships, t.Milestones.Select(m => m.DueOn).ToList(), t.IsContinuous);
        }).ToList();
        var parsed = review.ToParsedPlan(plan.RegionId, plan.Region!.Name);
        // Names as the region knows them (an alias is its unit), so a spelling is never a change of unit.
        string Canonical(string name) => units.Existing(name)?.Name ?? name.Trim();
        var revised = parsed.Tasks.Select(t =>
        {
            var lead = t.Lead.Select(Canonical).Distinct().ToList();
            return new RevisionTask(t.Order, t.ChapterNumber, t.Number, t.Title, t.Text, lead,
                t.Supporting.Select(Canonical).Distinct().Except(lead).ToList(), t.Townships.Kind, t.Townships.Names,
                t.Deadlines.Select(d => d.Date).Distinct().ToList(), t.IsContinuous);
        }).ToList();
        // What the diff was computed on: the running tasks as compared, their row versions and the plan's version. Any edit
        // of the plan in between changes it, and confirming then recomputes instead of applying a diff nobody saw.
        var stamp = JsonSerializer.Serialize(new
        {
            plan.Revision, Tasks = running, Versions = plan.Tasks.OrderBy(t => t.Id).Select(t => new { t.Id, t.Version }),
            Assignments = plan.Tasks.SelectMany(t => t.Assignments).OrderBy(a => a.Id).Select(a => new { a.Id, a.Role, a.ClosedAt }),
        }, Json);
        var basis = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stamp)));
        return new RevisionDiffView(draft.Id, draft.Version, draft.FileName, plan.Key, plan.Title, plan.Revision, basis,
            PlanRevisionDiff.Compare(running, revised), parsed);
    }
}

/// <param name="Basis">What the diff was computed on; <see cref="PlanRevisionService.ApplyAsync"/> takes it back.</param>
public sealed record RevisionDiffView(int DraftId, uint DraftVersion, string FileName, string PlanKey, string PlanTitle, int Revision,
    string Basis, PlanRevisionDiff Diff, ParsedPlan Parsed)
{
    public int NextRevision => Revision + 1;
}

/// <summary>Applied, or not applied because the plan changed since the diff: then <paramref name="Diff"/> is the recomputed one.</summary>
public sealed record RevisionOutcome(bool Applied, RevisionDiffView Diff)
{
    public const string Outdated = "方案在计算差异之后已被修改（如任务、责任分工或完成时限有调整），本次未做任何修订。已按最新情况重新计算差异，请再次核对后确认。";
}
