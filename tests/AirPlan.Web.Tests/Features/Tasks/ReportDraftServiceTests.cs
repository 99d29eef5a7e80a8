using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>报送进展 drafts live on the server per user and assignment, for the unit's liaison only, and go when the report is sent.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportDraftServiceTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<ReportDraftServiceTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private ReportDraftService Drafts => _db.Get<ReportDraftService>();

    [Fact]
    public async Task ADraftSavedFromOneMachineIsReadBackForTheSameUserAndNobodyElse()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var author = await AccountAsync("draft-author", assignment.UnitId);
        var colleague = await AccountAsync("draft-colleague", assignment.UnitId);
        var milestone = assignment.Task!.Milestones.First().Id;

        await Drafts.SaveAsync(author, assignment.Id, new ReportDraftInput("2025Q4", "已完成排查\n正在整改", null, "月底验收", 60, [milestone]));
        await Drafts.SaveAsync(author, assignment.Id, new ReportDraftInput("2025Q4", "已完成排查\n整改过半", null, "月底验收", 70, [milestone]));

        // What another browser of the same account reads: the last save, line breaks and all.
        var read = await Drafts.GetAsync(author, assignment.Id);
        Assert.NotNull(read);
        Assert.Equal("已完成排查\n整改过半", read.Progress);
        Assert.Equal(70, read.PercentComplete);
        Assert.Equal([milestone], read.MilestoneIds);
        Assert.NotNull(read.SavedAt);
        // Drafts are per user: a colleague of the same unit starts with an empty form.
        Assert.Null(await Drafts.GetAsync(colleague, assignment.Id));
    }

    [Fact]
    public async Task OnlyTheUnitsLiaisonMayKeepADraft()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: false);
        var outsider = await AccountAsync("draft-outsider", _db.OtherUnitId == assignment.UnitId ? _db.FgwUnitId : _db.OtherUnitId);

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Drafts.SaveAsync(outsider, assignment.Id, new ReportDraftInput(null, "不是本单位的任务", null, null, null, [])));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Drafts.GetAsync(outsider, assignment.Id));
    }

    [Fact]
    public async Task SendingTheReportClearsItsAuthorsDraft()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var author = await AccountAsync("draft-sender", assignment.UnitId);
        await Drafts.SaveAsync(author, assignment.Id, new ReportDraftInput(null, "草稿内容", null, null, null, []));
        var period = ReportingPeriods.KeyOf(DateOnly.FromDateTime(_db.Clock.Now.DateTime), ReportingCycle.Quarterly);

        await _db.Get<WorkService>().ReportProgressAsync(author, new ProgressReportInput(assignment.Id, await _db.VersionAsync(assignment.Id),
            period, "正式报送的进展", null, null, null, []));

        Assert.Null(await Drafts.GetAsync(author, assignment.Id));
    }

    /// <summary>A real account (drafts belong to a users row) bound as liaison to the unit.</summary>
    private async Task<UserContext> AccountAsync(string userName, int unitId)
    {
        await using (var db = _db.CreateDbContext())
        {
            if (!await db.Users.AnyAsync(u => u.Id == userName))
            {
                db.Users.Add(new AppUser { Id = userName, UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = userName });
                await db.SaveChangesAsync();
            }
        }
        return new UserContext(userName, userName, userName, new HashSet<string> { AppRoles.Liaison }, new HashSet<int> { unitId }, new HashSet<int>());
    }
}
