using System.Net;
using System.Net.Http.Json;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Tasks;

/// <summary>Text as long as the page allows is saved; longer text is refused with a message, never a 22001 or a 500.</summary>
[Collection(PostgresCollection.Name)]
public sealed class FieldLimitTests(PostgresServer server) : IAsyncLifetime
{
    private WorkDatabase _db = default!;

    public async Task InitializeAsync() => _db = await WorkDatabase.ForClassAsync<FieldLimitTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private WorkService Work => _db.Get<WorkService>();

    private string Period => ReportingPeriods.KeyOf(DateOnly.FromDateTime(_db.Clock.Now.DateTime), ReportingCycle.Quarterly);

    private async Task<Assignment> SubmittedAsync()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        await _db.AddEvidenceAsync(assignment.Id);
        await Work.SubmitAsync(liaison, assignment.Id, await _db.VersionAsync(assignment.Id));
        return assignment;
    }

    [Fact]
    public async Task AThousandCharacterSendBackReasonIsSavedAndAuditedWithTheSummaryShortened()
    {
        var assignment = await SubmittedAsync();
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        var reason = new string('补', FieldLimits.SendBackReason);

        await Work.SendBackAsync(coordinator, assignment.Id, await _db.VersionAsync(assignment.Id), reason);

        await using var db = _db.CreateDbContext();
        Assert.Equal(reason, await db.Assignments.Where(a => a.Id == assignment.Id).Select(a => a.SendBackReason).SingleAsync());
        Assert.Equal(reason, await db.Reviews.Where(r => r.AssignmentId == assignment.Id).Select(r => r.Reason).SingleAsync());
        var summary = await db.AuditEntries.Where(e => e.Action == "assignment.send-back" && e.EntityId == assignment.Id.ToString())
            .Select(e => e.Summary).SingleAsync();
        Assert.Equal(FieldLimits.AuditSummary, summary.Length);
        Assert.EndsWith("…", summary);
    }

    [Fact]
    public async Task AThousandAndOneCharacterSendBackReasonIsRefusedWithItsMessage()
    {
        var assignment = await SubmittedAsync();
        var coordinator = await _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

        var version = await _db.VersionAsync(assignment.Id);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Work.SendBackAsync(coordinator, assignment.Id,
            version, new string('补', FieldLimits.SendBackReason + 1)));

        Assert.Equal("退回原因不能超过1000字", refusal.Message);
        Assert.Equal(AssignmentStatus.Submitted, await _db.StatusAsync(assignment.Id));
    }

    [Fact]
    public async Task AFiveThousandCharacterProblemIsRefusedWithItsMessageNotADatabaseError()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);

        var version = await _db.VersionAsync(assignment.Id);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => Work.ReportProgressAsync(liaison, new ProgressReportInput(
            assignment.Id, version, Period, "完成摸排", new string('问', 5000), null, null, [])));

        Assert.Equal("存在问题不能超过4000字", refusal.Message);
    }

    [Fact]
    public async Task AFourThousandCharacterProgressThatCompletesAMilestoneIsSavedWithTheCheckpointNoteShortened()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await _db.ActorAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var progress = new string('进', FieldLimits.ReportText);

        await Work.ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id, await _db.VersionAsync(assignment.Id), Period,
            progress, null, null, null, [assignment.Task!.Milestones[0].Id]));

        await using var db = _db.CreateDbContext();
        Assert.Equal(progress, await db.ProgressReports.Where(r => r.AssignmentId == assignment.Id).Select(r => r.Progress).SingleAsync());
        Assert.Equal(FieldLimits.CheckpointNote, (await db.Checkpoints.Where(c => c.AssignmentId == assignment.Id).Select(c => c.Note).SingleAsync())!.Length);
    }

    [Fact]
    public async Task OverHttpATooLongSendBackReasonIs422WithTheMessageAndAThousandCharactersIs204NeverA500()
    {
        await using var app = new AppFactory(await SeedTemplates.SeededCopyAsync(server, "limits-http"));
        int assignmentId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            assignmentId = await db.Assignments.Where(a => a.Unit!.Name == "区发展改革委" && a.Task!.Plan!.Key == "mengjin-2024")
                .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
            db.Evidence.Add(new AirPlan.Core.Domain.Evidence(assignmentId, null, "验收报告.pdf", "application/pdf", 10, new string('b', 64), "seed", "测试", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, string? reason = null)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var version = await db.Assignments.Where(a => a.Id == assignmentId).Select(a => a.Version).SingleAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{assignmentId}/{action}")
            {
                Content = JsonContent.Create(new WorkEndpoints.ActionRequest(version, reason)),
            };
            request.Headers.Add("RequestVerificationToken", SignIn.AntiforgeryToken(await client.GetStringAsync("/account/manage")));
            return await client.SendAsync(request);
        }
        var liaison = await SignIn.SignInAsync(app, "liaison-fgw");
        var coordinator = await SignIn.SignInAsync(app, "coordinator");
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(liaison, "submit")).StatusCode);

        var tooLong = await PostAsync(coordinator, "send-back", new string('补', FieldLimits.SendBackReason + 1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("退回原因不能超过1000字", await tooLong.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(coordinator, "send-back", new string('补', FieldLimits.SendBackReason))).StatusCode);
    }

    [Fact]
    public async Task HealthzAndReadyzAnswerWithoutSignIn()
    {
        var app = await AppFactory.SharedAsync(server);
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }
}
