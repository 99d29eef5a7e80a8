using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Admin.Units;
using AirPlan.Web.Features.Chasing.Notices;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Features.Evidence;
using AirPlan.Web.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using Text = DocumentFormat.OpenXml.Wordprocessing.Text;
using Break = DocumentFormat.OpenXml.Wordprocessing.Break;
using PageSize = DocumentFormat.OpenXml.Wordprocessing.PageSize;
using SectionProperties = DocumentFormat.OpenXml.Wordprocessing.SectionProperties;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>
/// Issuing, reading, replying to and escalating 督办单. Tests share one database; each issues its own notices for
/// assignments no other test has used (an assignment with an open notice is not offered again).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NoticeServiceTests(PostgresServer server) : IAsyncLifetime
{
    private ChasingDatabase _db = default!;
    private NoticeService Notices => _db.Notices;

    public async Task InitializeAsync() => _db = await ChasingDatabase.ForClassAsync<NoticeServiceTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(NoticeRow Notice, UserContext Coordinator, UserContext Liaison)> IssueOneAsync()
    {
        var coordinator = await _db.AccountAsync("coordinator");
        var candidate = (await _db.FreeCandidatesAsync(coordinator, 1)).Single();
        await using var db = _db.CreateDbContext();
        var unitId = await db.Assignments.Where(a => a.Id == candidate.AssignmentId).Select(a => a.UnitId).SingleAsync();
        var liaison = await _db.LiaisonOfAsync(unitId);
        var notice = (await Notices.IssueAsync(coordinator, _db.InputFor(candidate.AssignmentId))).Single();
        return (notice, coordinator, liaison);
    }

    [Fact]
    public async Task AnIssuedNoticeIsAWordDocumentWithItsNumberUnitDeadlineAndDaysOverdue()
    {
        var (notice, coordinator, _) = await IssueOneAsync();

        await using var file = await Notices.OpenDocumentAsync(coordinator, notice.Id);
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy);
        using var word = WordprocessingDocument.Open(new MemoryStream(copy.ToArray()), false);
        var text = string.Concat(word.MainDocumentPart!.Document.Descendants<Text>().Select(t => t.Text));

        Assert.Contains("督办通知单", text);
        Assert.Contains(notice.DocumentNumber, text);
        Assert.Contains(notice.UnitName, text);
        Assert.Contains(ChineseDate.Format(notice.OriginalDeadline), text);
        Assert.Contains($"{notice.DaysOverdue}天", text);
        Assert.Contains("2025年10月8日", text);
        Assert.Contains("孟津区污染防治攻坚战领导小组办公室", text);
        var page = word.MainDocumentPart.Document.Body!.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!;
        Assert.Equal((11906u, 16838u), (page.Width!.Value, page.Height!.Value)); // A4
        Assert.Empty(word.MainDocumentPart.Document.Descendants<Break>());
        Assert.EndsWith(".docx", file.FileName);
    }

    [Fact]
    public async Task TheNoticeCopiesTheStatusEnginesVerdictOnTheIssueDate()
    {
        var (notice, _, _) = await IssueOneAsync();

        await using var db = _db.CreateDbContext();
        var facts = await _db.Get<AirPlan.Web.Features.Tasks.Status.StatusEngine>().JudgeAsync(db, [notice.AssignmentId]);
        Assert.Equal(facts[notice.AssignmentId].FirstMissedDue, notice.OriginalDeadline);
        Assert.Equal(_db.Clock.Now.Date.Subtract(notice.OriginalDeadline.ToDateTime(TimeOnly.MinValue)).Days, notice.DaysOverdue);
        Assert.Equal(NoticeStatus.AwaitingReply, notice.Status);
    }

    [Fact]
    public async Task IssuingTellsTheUnitsLiaisonsAndIsAudited()
    {
        var (notice, _, liaison) = await IssueOneAsync();

        await using var db = _db.CreateDbContext();
        var message = await db.Notifications.SingleAsync(m => m.UserId == liaison.UserId && m.AssignmentId == notice.AssignmentId);
        Assert.Equal(NotificationKinds.NoticeIssued, message.Kind);
        Assert.Contains(notice.DocumentNumber, message.Title);
        var audit = await db.AuditEntries.SingleAsync(e => e.EntityType == nameof(SupervisionNotice) && e.EntityId == notice.Id.ToString());
        Assert.Equal("notice.issue", audit.Action);
        Assert.Contains(notice.DocumentNumber, audit.Summary);
    }

    [Fact]
    public async Task OnlyACoordinatorOfThePlansRegionMayIssueAndOnlyForOverdueWork()
    {
        var coordinator = await _db.AccountAsync("coordinator");
        var candidate = (await _db.FreeCandidatesAsync(coordinator, 1)).Single();
        var leader = await _db.AccountAsync("leader");
        var elsewhere = await _db.ActorAsync(AppRoles.Coordinator, "伊川县");

        await Assert.ThrowsAsync<AccessDeniedException>(() => Notices.IssueAsync(leader, _db.InputFor(candidate.AssignmentId)));
        await Assert.ThrowsAsync<NotFoundException>(() => Notices.IssueAsync(elsewhere, _db.InputFor(candidate.AssignmentId)));

        await using var db = _db.CreateDbContext();
        var overdue = (await Notices.CandidatesAsync(coordinator)).Select(c => c.AssignmentId).ToList();
        var onTime = await db.Assignments.Where(a => a.Task!.Plan!.RegionId == _db.MengjinRegionId && a.ClosedAt == null && !overdue.Contains(a.Id))
            .OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        await Assert.ThrowsAsync<DomainException>(() => Notices.IssueAsync(coordinator, _db.InputFor(onTime)));
        Assert.False(await db.SupervisionNotices.AnyAsync(n => n.AssignmentId == candidate.AssignmentId || n.AssignmentId == onTime));
    }

    [Fact]
    public async Task ASecondNoticeForWorkWithAnOpenOneIsRefused()
    {
        var (notice, coordinator, _) = await IssueOneAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Notices.IssueAsync(coordinator, _db.InputFor(notice.AssignmentId)));

        Assert.Contains(notice.DocumentNumber, refused.Message);
    }

    [Fact]
    public async Task TheRegionsOfficeAndTheUnitsLiaisonsSeeANoticeAndNobodyElseEvenKnowsItExists()
    {
        var (notice, coordinator, liaison) = await IssueOneAsync();
        var leader = await _db.AccountAsync("leader");
        await using var db = _db.CreateDbContext();
        var otherUnit = await db.Assignments.Where(a => a.TaskId == notice.TaskId && a.UnitId != notice.UnitId).Select(a => (int?)a.UnitId).FirstOrDefaultAsync()
            ?? await db.Units.Where(u => u.RegionId == _db.MengjinRegionId && u.Id != notice.UnitId).Select(u => u.Id).FirstAsync();
        var otherLiaison = await _db.LiaisonOfAsync(otherUnit);
        var elsewhere = await _db.ActorAsync(AppRoles.Coordinator, "伊川县");

        foreach (var reader in new[] { coordinator, leader, liaison })
        {
            Assert.Equal(notice.DocumentNumber, (await Notices.GetAsync(reader, notice.Id)).Row.DocumentNumber);
            await using var file = await Notices.OpenDocumentAsync(reader, notice.Id);
            Assert.Contains(await Notices.ListAsync(reader), n => n.Id == notice.Id);
        }
        foreach (var outsider in new[] { otherLiaison, elsewhere })
        {
            await Assert.ThrowsAsync<NotFoundException>(() => Notices.GetAsync(outsider, notice.Id));
            await Assert.ThrowsAsync<NotFoundException>(() => Notices.OpenDocumentAsync(outsider, notice.Id));
            await Assert.ThrowsAsync<NotFoundException>(() => Notices.ReplyAsync(outsider, notice.Id, "已整改", []));
            Assert.DoesNotContain(await Notices.ListAsync(outsider), n => n.Id == notice.Id);
        }
        // Seeing is not answering: the office reads the notice but only the unit replies.
        await Assert.ThrowsAsync<AccessDeniedException>(() => Notices.ReplyAsync(coordinator, notice.Id, "已整改", []));
        Assert.False((await Notices.GetAsync(leader, notice.Id)).CanReply);
        Assert.True((await Notices.GetAsync(liaison, notice.Id)).CanReply);
    }

    [Fact]
    public async Task TheUnitsWrittenReplyWithAnAttachmentClosesTheNoticeAndTellsTheOffice()
    {
        var (notice, coordinator, liaison) = await IssueOneAsync();
        var pdf = Samples.Pdf("整改报告");

        var replied = await Notices.ReplyAsync(liaison, notice.Id, "已完成整改，附验收报告。",
            [new NoticeUpload("整改落实情况报告.pdf", new MemoryStream(pdf), pdf.Length)]);

        Assert.Equal(NoticeStatus.Replied, replied.Status);
        var detail = await Notices.GetAsync(coordinator, notice.Id);
        Assert.Equal("已完成整改，附验收报告。", detail.ReplyText);
        var attached = Assert.Single(detail.Files);
        Assert.Equal("整改落实情况报告.pdf", attached.FileName);
        await using (var file = await Notices.OpenReplyFileAsync(coordinator, attached.Id))
        {
            using var bytes = new MemoryStream();
            await file!.Content.CopyToAsync(bytes);
            Assert.Equal(pdf, bytes.ToArray());
        }
        await Assert.ThrowsAsync<DomainException>(() => Notices.ReplyAsync(liaison, notice.Id, "再次反馈", []));

        await using var db = _db.CreateDbContext();
        var message = await db.Notifications.SingleAsync(m => m.UserId == coordinator.UserId && m.AssignmentId == notice.AssignmentId
                                                               && m.Kind == NotificationKinds.NoticeReplied);
        Assert.Contains(notice.DocumentNumber, message.Title);
        Assert.Equal(["notice.issue", "notice.reply"], await db.AuditEntries
            .Where(e => e.EntityType == nameof(SupervisionNotice) && e.EntityId == notice.Id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task AReplyWithAFileOfAnUnacceptedKindIsRefusedAndChangesNothing()
    {
        var (notice, _, liaison) = await IssueOneAsync();
        var exe = Samples.Exe();

        await Assert.ThrowsAsync<DomainException>(() => Notices.ReplyAsync(liaison, notice.Id, "见附件",
            [new NoticeUpload("整改报告.pdf", new MemoryStream(exe), exe.Length)]));

        Assert.Equal(NoticeStatus.AwaitingReply, (await Notices.GetAsync(liaison, notice.Id)).Row.Status);
    }

    [Fact]
    public async Task AnUnansweredNoticePastItsReplyDateIsEscalatedOnceToTheRegionsCoordinators()
    {
        var (notice, coordinator, liaison) = await IssueOneAsync();
        var replyBy = notice.ReplyBy;
        await using var db = _db.CreateDbContext();
        int Messages() => db.Notifications.Count(m => m.AssignmentId == notice.AssignmentId && m.Kind == NotificationKinds.NoticeOverdue);

        await Notices.EscalateUnansweredAsync(replyBy);
        Assert.Equal(NoticeStatus.AwaitingReply, (await Notices.GetAsync(coordinator, notice.Id)).Row.Status);
        Assert.Equal(0, Messages());

        Assert.True(await Notices.EscalateUnansweredAsync(replyBy.AddDays(1)) >= 1);
        Assert.Equal(NoticeStatus.ReplyOverdue, (await Notices.GetAsync(coordinator, notice.Id)).Row.Status);
        var coordinators = await Recipients.CoordinatorsOfRegionAsync(db, _db.MengjinRegionId);
        Assert.Contains(coordinator.UserId, coordinators);
        Assert.Equal(coordinators.Count, Messages());

        Assert.Equal(0, await Notices.EscalateUnansweredAsync(replyBy.AddDays(2)));
        Assert.Equal(coordinators.Count, Messages());

        // Late is still answered: the reply closes it.
        await Notices.ReplyAsync(liaison, notice.Id, "已整改完毕（逾期反馈）", []);
        Assert.Equal(NoticeStatus.Replied, (await Notices.GetAsync(coordinator, notice.Id)).Row.Status);
    }

    [Fact]
    public async Task MergingTheNoticedUnitIntoAnotherKeepsTheNoticeWithTheKeptUnit()
    {
        var (notice, coordinator, _) = await IssueOneAsync();
        int targetId;
        uint version;
        await using (var db = _db.CreateDbContext())
        {
            var source = await db.Units.SingleAsync(u => u.Id == notice.UnitId);
            version = source.Version;
            targetId = await db.Units.Where(u => u.RegionId == source.RegionId && u.Kind == source.Kind && u.Id != source.Id)
                .OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        }

        await _db.Get<UnitAdminService>().MergeAsync(coordinator, notice.UnitId, version, targetId);

        var kept = (await Notices.GetAsync(coordinator, notice.Id)).Row;
        Assert.Equal(notice.DocumentNumber, kept.DocumentNumber);
        Assert.Equal(targetId, kept.UnitId);
    }
}
