using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Admin.Audit;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>调整责任分工: correcting after the import who leads, supports and carries out a task (ADR 012).</summary>
[Collection(PostgresCollection.Name)]
public sealed class TaskCorrectionTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;
    private UserContext _coordinator = default!;

    public async Task InitializeAsync()
    {
        _db = await WorkDatabase.ForClassAsync<TaskCorrectionTests>(server);
        _coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private TaskEditService Edits => _db.Get<TaskEditService>();

    /// <summary>A Mengjin task whose text names these units as 牵头 and 责任, in the seed.</summary>
    private async Task<PlanTask> TaskAsync(Func<PlanTask, bool> pick, bool last = false)
    {
        await using var db = _db.CreateDbContext();
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.Milestones).Include(t => t.Assignments).ThenInclude(a => a.Unit)
            .Where(t => t.Plan!.Key == "mengjin-2024" && t.ParentId == null).OrderBy(t => t.Order).ToListAsync();
        return last ? tasks.Last(pick) : tasks.First(pick);
    }

    private static bool Has(PlanTask task, int unitId, AssignmentRole role) => task.Assignments.Any(a => a.UnitId == unitId && a.Role == role);

    [Fact]
    public async Task ASupportingUnitMadeLeadChangesRoleOnItsOwnRowAndTheChangeIsPreviewedAndAudited()
    {
        var task = await TaskAsync(t => Has(t, _db.OtherUnitId, AssignmentRole.Supporting) && Has(t, _db.FgwUnitId, AssignmentRole.Lead)
            && t.Assignments.Count(a => a.Role == AssignmentRole.Lead) == 1 && !Has(t, _db.FgwUnitId, AssignmentRole.Supporting));
        var form = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        var input = form.Current with
        {
            LeadUnitIds = [_db.OtherUnitId],
            SupportingUnitIds = form.Current.SupportingUnitIds.Where(id => id != _db.OtherUnitId).Append(_db.FgwUnitId).ToList(),
        };
        var rowBefore = task.Assignments.Single(a => a.UnitId == _db.OtherUnitId).Id;

        var preview = await Edits.PreviewResponsibilitiesAsync(_coordinator, task.Id, input);

        Assert.Equal(2, preview.Count);
        Assert.All(preview, row => Assert.Equal(ResponsibilityChangeKind.RoleChanged, row.Kind));
        Assert.Contains(preview, row => row is { UnitName: "区工信局", From: AssignmentRole.Supporting, To: AssignmentRole.Lead });
        await using (var unchanged = _db.CreateDbContext())
            Assert.Equal(AssignmentRole.Supporting, (await unchanged.Assignments.SingleAsync(a => a.Id == rowBefore)).Role);

        await Edits.ChangeResponsibilitiesAsync(_coordinator, task.Id, form.Version, input);

        await using var db = _db.CreateDbContext();
        var rows = await db.Assignments.Where(a => a.TaskId == task.Id && a.UnitId == _db.OtherUnitId).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal((rowBefore, AssignmentRole.Lead), (row.Id, row.Role));
        var saved = await db.Tasks.SingleAsync(t => t.Id == task.Id);
        Assert.Equal(["区工信局"], saved.LeadUnitNames);
        var audit = await db.AuditEntries.SingleAsync(e => e.TaskId == task.Id && e.Action == "task.responsibilities");
        var lines = AuditChanges.Of(audit.Before, audit.After).Select(AuditChanges.Line).ToList();
        Assert.Contains("牵头单位：区发展改革委 → 区工信局", lines);
        Assert.Contains(lines, l => l.StartsWith("调整角色：") && l.Contains("区工信局（责任/配合单位→牵头单位）"));
    }

    [Fact]
    public async Task NarrowingTownshipsClosesTheOthersWhichKeepTheirReportsAndStopCounting()
    {
        var task = await TaskAsync(t => t.TownshipScope == TownshipScopeKind.All && t.Assignments.Count(a => a.Role == AssignmentRole.Implementing) > 3);
        var towns = task.Assignments.Where(a => a.Role == AssignmentRole.Implementing).OrderBy(a => a.Id).ToList();
        var closing = towns[0];
        await using (var db = _db.CreateDbContext())
        {
            var assignment = await db.Assignments.SingleAsync(a => a.Id == closing.Id);
            assignment.RecordProgress(_db.Clock.GetUtcNow());
            db.ProgressReports.Add(new ProgressReport(assignment, "2025Q4", "已开展巡查", null, null, null, "u", "联络员", _db.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
        await _db.AddEvidenceAsync(closing.Id);
        var form = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        var kept = towns.Skip(1).Take(2).Select(a => a.Unit!.TownshipRegionId!.Value).ToList();
        var input = form.Current with { Scope = TownshipScopeKind.Named, TownshipRegionIds = kept };

        var preview = await Edits.PreviewResponsibilitiesAsync(_coordinator, task.Id, input);

        Assert.Equal(towns.Count - 2, preview.Count(r => r.Kind == ResponsibilityChangeKind.Closed));
        Assert.Equal((1, 1), (preview.Single(r => r.UnitName == closing.Unit!.Name).Reports, preview.Single(r => r.UnitName == closing.Unit!.Name).Evidence));

        await Edits.ChangeResponsibilitiesAsync(_coordinator, task.Id, form.Version, input);

        await using var check = _db.CreateDbContext();
        var closed = await check.Assignments.SingleAsync(a => a.Id == closing.Id);
        Assert.NotNull(closed.ClosedAt);
        Assert.True(await check.ProgressReports.AnyAsync(r => r.AssignmentId == closing.Id));
        var saved = await check.Tasks.SingleAsync(t => t.Id == task.Id);
        Assert.Equal(TownshipScopeKind.Named, saved.TownshipScope);
        // Not counted anywhere: the engine has no verdict on it, today or on a past quarter-end, and lists leave it out.
        var engine = _db.Get<StatusEngine>();
        Assert.Empty(await engine.JudgeAsync(check, [closing.Id]));
        Assert.Empty(await engine.JudgeAsync(check, [closing.Id], new DateOnly(2025, 9, 30)));
        var open = (await engine.JudgeAsync(check, towns.Select(a => a.Id).ToList())).Keys.Order().ToList();
        Assert.Equal(towns.Skip(1).Take(2).Select(a => a.Id).Order(), open);
        var page = await _db.Get<TaskPageQueries>().GetAsync(_coordinator, "mengjin-2024", task.Id);
        Assert.True(page!.Task.Assignments.Single(a => a.Id == closing.Id).IsClosed);
        // A closed assignment takes no more reports.
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: closing.UnitId);
        await Assert.ThrowsAsync<DomainException>(() => _db.Get<WorkService>().ReportProgressAsync(liaison, new ProgressReportInput(
            closing.Id, closed.Version, "2025Q4", "继续推进", null, null, null, [])));
        // Its evidence stays listed for the record, and takes no new file and loses none.
        var evidence = _db.Get<EvidenceService>();
        var files = (await evidence.ListAsync(liaison, closing.Id))!;
        var file = Assert.Single(files.Items);
        Assert.False(files.CanUpload || files.CanRemove);
        var upload = await evidence.UploadAsync(liaison, closing.Id, "补充材料.pdf", new MemoryStream([0x25, 0x50, 0x44, 0x46]), 4);
        Assert.Equal("该责任分工已撤销，不能再上传佐证材料", upload.Error);
        Assert.Equal("该责任分工已撤销，佐证材料保留备查，不能删除", (await evidence.RemoveAsync(liaison, file.Id)).Error);
    }

    [Fact]
    public async Task ScopeNoneClosesEveryTownshipRowAndTheAuditSaysSoInChinese()
    {
        // The plan's last task for all its townships (the narrowing test takes the first).
        var task = await TaskAsync(t => t.TownshipScope == TownshipScopeKind.All && t.Assignments.Count(a => a.Role == AssignmentRole.Implementing) > 3,
            last: true);
        var towns = task.Assignments.Where(a => a.Role == AssignmentRole.Implementing && a.ClosedAt == null).ToList();
        var form = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        var input = form.Current with { Scope = TownshipScopeKind.None, TownshipRegionIds = [] };

        var preview = await Edits.PreviewResponsibilitiesAsync(_coordinator, task.Id, input);

        Assert.Equal(towns.Select(a => a.Unit!.Name).Order(), preview.Where(r => r.Kind == ResponsibilityChangeKind.Closed).Select(r => r.UnitName).Order());
        Assert.All(preview, r => Assert.Equal(ResponsibilityChangeKind.Closed, r.Kind));

        await Edits.ChangeResponsibilitiesAsync(_coordinator, task.Id, form.Version, input);

        await using var check = _db.CreateDbContext();
        Assert.Equal(TownshipScopeKind.None, (await check.Tasks.SingleAsync(t => t.Id == task.Id)).TownshipScope);
        Assert.False(await check.Assignments.AnyAsync(a => a.TaskId == task.Id && a.Role == AssignmentRole.Implementing && a.ClosedAt == null));
        Assert.True(await check.Assignments.AnyAsync(a => a.TaskId == task.Id && a.Role == AssignmentRole.Lead && a.ClosedAt == null));
        var audit = await check.AuditEntries.SingleAsync(e => e.TaskId == task.Id && e.Action == "task.responsibilities");
        var lines = AuditChanges.Of(audit.Before, audit.After).Select(AuditChanges.Line).ToList();
        Assert.Contains("落实乡镇（街道）：全部乡镇（街道） → 无", lines);
        Assert.Contains($"乡镇（街道）：{towns.Count}个 → —", lines);
        Assert.All(lines, l => Assert.DoesNotMatch("^[A-Za-z]", l));
    }

    [Fact]
    public async Task AUnitNamedAgainGetsItsClosedRowBackInsteadOfANewOne()
    {
        var task = await TaskAsync(t => Has(t, _db.FgwUnitId, AssignmentRole.Supporting) && t.Assignments.Any(a => a.Role == AssignmentRole.Lead));
        var form = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        var without = form.Current with { SupportingUnitIds = form.Current.SupportingUnitIds.Where(id => id != _db.FgwUnitId).ToList() };
        await Edits.ChangeResponsibilitiesAsync(_coordinator, task.Id, form.Version, without);

        var again = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        var preview = await Edits.PreviewResponsibilitiesAsync(_coordinator, task.Id, form.Current);
        Assert.Equal(ResponsibilityChangeKind.Reopened, Assert.Single(preview).Kind);
        await Edits.ChangeResponsibilitiesAsync(_coordinator, task.Id, again.Version, form.Current);

        await using var db = _db.CreateDbContext();
        var row = await db.Assignments.SingleAsync(a => a.TaskId == task.Id && a.UnitId == _db.FgwUnitId);
        Assert.Null(row.ClosedAt);
    }

    [Fact]
    public async Task ACorrectionSavedOverSomeoneElsesIsAConflictAndChangesNothing()
    {
        var task = await TaskAsync(t => t.Assignments.Count(a => a.Role == AssignmentRole.Supporting) >= 2
            && !t.Assignments.Any(a => a.UnitId == _db.FgwUnitId || a.UnitId == _db.OtherUnitId));
        var form = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        await Edits.EditAsync(_coordinator, task.Id, form.Version, task.Title + "（修订）", task.Text, task.IsContinuous);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Edits.ChangeResponsibilitiesAsync(_coordinator, task.Id, form.Version,
            form.Current with { SupportingUnitIds = form.Current.SupportingUnitIds.Skip(1).ToList() }));

        await using var db = _db.CreateDbContext();
        Assert.False(await db.Assignments.AnyAsync(a => a.TaskId == task.Id && a.ClosedAt != null));
    }

    [Theory]
    [InlineData(AppRoles.Leader, "孟津区")]
    [InlineData(AppRoles.Coordinator, "伊川县")]
    [InlineData(AppRoles.Liaison, null)]
    public async Task OnlyThePlansCoordinatorsCorrectUnits(string role, string? region)
    {
        var task = await TaskAsync(t => t.Assignments.Count > 0);
        var form = await Edits.ResponsibilityFormAsync(_coordinator, task.Id);
        var actor = await _db.ActorAsync(role, unitId: role == AppRoles.Liaison ? task.Assignments[0].UnitId : null, regionName: region);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Edits.PreviewResponsibilitiesAsync(actor, task.Id, form.Current));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Edits.ChangeResponsibilitiesAsync(actor, task.Id, form.Version,
            form.Current with { LeadUnitIds = [] }));
    }

    [Fact]
    public async Task ADeadlineChangeShowsWhichUnitsItMakesOverdueBeforeAnythingIsSaved()
    {
        var task = await TaskAsync(t => !t.IsContinuous && t.Milestones.Count == 0 && t.Assignments.Count(a => a.ClosedAt == null) >= 3);
        await using (var check = _db.CreateDbContext())
            Assert.Equal(0, await check.Milestones.CountAsync(m => m.TaskId == task.Id));
        var past = DateOnly.FromDateTime(_db.Clock.Now.DateTime).AddDays(-30);

        var adding = await Edits.PreviewMilestoneAsync(_coordinator, task.Id, await VersionAsync(task.Id), past, null);

        Assert.NotEmpty(adding.BecomeOverdue);
        Assert.Empty(adding.NoLongerOverdue);
        Assert.Contains("将变为逾期", adding.Describe());
        await using (var check = _db.CreateDbContext())
        {
            // Nothing was kept: no milestone, and today's verdicts are as before.
            Assert.Equal(0, await check.Milestones.CountAsync(m => m.TaskId == task.Id));
            var ids = await check.Assignments.Where(a => a.TaskId == task.Id).Select(a => a.Id).ToListAsync();
            var judged = await _db.Get<StatusEngine>().JudgeAsync(check, ids);
            Assert.All(judged.Values, f => Assert.Null(f.FirstMissedDue));
        }

        await Edits.AddMilestoneAsync(_coordinator, task.Id, await VersionAsync(task.Id), past, "补充时限");
        int milestoneId;
        await using (var check = _db.CreateDbContext())
            milestoneId = await check.Milestones.Where(m => m.TaskId == task.Id).Select(m => m.Id).SingleAsync();
        var removing = await Edits.PreviewMilestoneAsync(_coordinator, task.Id, await VersionAsync(task.Id), null, milestoneId);

        Assert.Equal(adding.BecomeOverdue.Order(), removing.NoLongerOverdue.Order());
        Assert.Empty(removing.BecomeOverdue);
    }

    [Fact]
    public async Task OnlyTheRegionsCoordinatorMayPreviewADeadlineChange()
    {
        var task = await TaskAsync(_ => true);
        var other = await _db.ActorAsync(AppRoles.Coordinator, regionName: "伊川县");

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Edits.PreviewMilestoneAsync(other, task.Id, task.Version, new DateOnly(2025, 1, 1), null));
    }

    private async Task<uint> VersionAsync(int taskId)
    {
        await using var db = _db.CreateDbContext();
        return await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Version).SingleAsync();
    }
}
