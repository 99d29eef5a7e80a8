using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks;

/// <summary>
/// 任务详情: the task, its assignments as the status engine judges them today, its reports and its history. The id is
/// authorised once, through <see cref="Visibility.Tasks"/>; everything else is read for the task that passed.
/// </summary>
public sealed class TaskPageQueries(IDbContextFactory<AppDbContext> dbFactory, StatusEngine engine)
{
    /// <summary>Null when the task does not exist, is not a top-level task of the plan, or the user may not see it.</summary>
    public async Task<TaskPage?> GetAsync(UserContext actor, string planKey, int taskId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await Visibility.Tasks(db, actor).Where(t => t.Id == taskId && t.Plan!.Key == planKey && t.ParentId == null)
            .Select(t => new TaskDetail(t.Id, t.Version, t.Plan!.Key, t.Plan.Title, t.Plan.RegionId, t.Number, t.Chapter != null ? t.Chapter.Number : "",
                t.Section, t.Title, t.Text, t.SourceLine, t.Recurrence, t.IsContinuous, t.TownshipScope,
                t.Subitems.OrderBy(s => s.Order).Select(s => new SubitemView(s.Number, s.Title, s.Text, s.LeadUnitNames, s.SupportingUnitNames)).ToList(),
                t.Assignments.OrderBy(a => a.Id)
                    .Select(a => new AssignmentView(a.Id, a.Version, a.UnitId, a.Unit!.Name, a.Unit.Kind, a.Role, a.Status,
                        a.SendBackReason, a.Checkpoints.Select(c => c.MilestoneId).ToList(),
                        db.Evidence.Count(e => e.AssignmentId == a.Id && e.RemovedAt == null), null, null, WarningLight.Green, 0, a.ClosedAt)).ToList(),
                t.Milestones.OrderBy(m => m.DueOn).Select(m => new DeadlineView(m.DueOn, m.Text, m.Id)).ToList(),
                SectionPath.Of(t.Chapter != null ? t.Chapter.Number : "", t.Chapter != null ? t.Chapter.Title : "", t.Section),
                t.Plan.Region!.Level, null, null, t.WithdrawnAt))
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);
        if (task is null) return null;

        var today = engine.Today;
        var facts = await engine.JudgeAsync(db, task.Assignments.Select(a => a.Id).ToList(), today, ct);
        task = task with
        {
            Assignments = task.Assignments.Select(a => facts.GetValueOrDefault(a.Id) is { } f
                ? a with
                {
                    FirstMissedDue = f.FirstMissedDue, NextDue = f.NextDue, Light = engine.LightOf(f, today),
                    DaysOverdue = WarningLights.DaysOverdue(f.FirstMissedDue, today), CompletedLateDays = f.CompletedLateDays,
                }
                : a).ToList(),
            // The task's state from all its assignments' verdicts (the same rule the lists translate to SQL).
            Progress = TaskRollup.Count(facts.Values.Select(f => (f.Counted, f.Status, f.FirstMissedDue != null, f.CompletedLateDays != null))),
            MostDaysCompletedLate = facts.Values.Where(f => f.Counted).Max(f => f.CompletedLateDays),
        };

        var timeline = await db.AuditEntries.AsNoTracking().Where(e => e.TaskId == taskId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(200)
            .Select(e => new TimelineEntry(e.At, e.UserName, e.Action, e.Summary))
            .ToListAsync(ct);
        // Reports of the assignments the user may see (a liaison without a region reads their own units' reports).
        var reports = await Visibility.Assignments(db, actor).Where(a => a.TaskId == taskId)
            .Join(db.ProgressReports, a => a.Id, r => r.AssignmentId, (a, r) => new { a.Unit!.Name, r })
            .OrderByDescending(x => x.r.ReportedAt)
            .Select(x => new UnitReport(x.Name, new ReportView(x.r.Id, x.r.Period, x.r.Progress, x.r.Problems, x.r.NextSteps,
                x.r.PercentComplete, x.r.AuthorName, x.r.ReportedAt)))
            .ToListAsync(ct);
        return new TaskPage(task, timeline, reports);
    }
}
