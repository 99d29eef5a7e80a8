using System.Text;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Plans.Import.Review;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Plans;

[Collection(PostgresCollection.Name)]
public sealed class PlanImportReviewTests(PostgresServer server)
{
    private async Task<(WorkDatabase Db, PlanImportReviewService Service)> SetupAsync() =>
        (await WorkDatabase.ForClassAsync<PlanImportReviewTests>(server), (await WorkDatabase.ForClassAsync<PlanImportReviewTests>(server)).Get<PlanImportReviewService>());

    /// <summary>An account of its own per test (one open review per user), in the given role and region.</summary>
    private static async Task<UserContext> AccountAsync(WorkDatabase db, string name, string role, string? region = "孟津区")
    {
        var actor = await db.ActorAsync(role, regionName: region) with { UserId = $"review-{name}", UserName = $"review-{name}" };
        await using var context = db.CreateDbContext();
        if (!await context.Users.AnyAsync(u => u.Id == actor.UserId))
        {
            context.Users.Add(new AppUser { Id = actor.UserId, UserName = actor.UserName, NormalizedUserName = actor.UserName.ToUpperInvariant(), DisplayName = $"核对{name}" });
            await context.SaveChangesAsync();
        }
        return actor;
    }

    /// <summary>The Mengjin seed, made a different file by trailing blank lines (the seeded database has the seed itself).</summary>
    private static async Task<(MemoryStream Content, long Size)> MengjinAsync(int variant)
    {
        var bytes = Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(RepoPaths.Seed("mengjin-2024")) + new string('\n', variant));
        return (new MemoryStream(bytes), bytes.Length);
    }

    private static async Task<ReviewDraftView> UploadAsync(PlanImportReviewService service, UserContext actor, int variant, string fileName = "mengjin-review.txt")
    {
        var (content, size) = await MengjinAsync(variant);
        return await service.StartAsync(actor, fileName, content, size);
    }

    private static async Task<(int Plans, int Tasks, int Drafts)> CountsAsync(WorkDatabase db)
    {
        await using var context = db.CreateDbContext();
        return (await context.Plans.CountAsync(), await context.Tasks.CountAsync(), await context.PlanImportDrafts.CountAsync());
    }

    [Fact]
    public async Task UploadingASeedTextKeepsADraftWithEveryTaskItsSourceLinesAndItsRegionAndWritesNoPlan()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "upload", AppRoles.Coordinator);
        var before = await CountsAsync(db);

        var view = await UploadAsync(service, coordinator, variant: 1);

        var parsed = PlanParser.Parse(await File.ReadAllTextAsync(RepoPaths.Seed("mengjin-2024")));
        Assert.Equal(parsed.Tasks.Select(t => t.Title), view.Review.Tasks.Select(t => t.Title));
        Assert.Equal(db.MengjinRegionId, view.Review.RegionId);
        Assert.Equal("mengjin-review", view.Review.Key);
        var first = view.Review.Tasks[0];
        Assert.Equal(parsed.Tasks[0].Line, first.FirstLine);
        Assert.True(first.LastLine < view.Review.Tasks[1].FirstLine);
        Assert.Contains(view.Lines(first), line => line.Contains(first.Title[..4]));
        // The seed's units are the region's own: none is new.
        Assert.All(view.Units.Values, u => Assert.NotEqual(UnitMatchKind.New, u.Kind));
        Assert.Equal((before.Plans, before.Tasks, before.Drafts + 1), await CountsAsync(db));
    }

    [Fact]
    public async Task ACorrectedLeadUnitAndDeadlineReachThePlanAndItsHistoryRowListsThemWithWhoImported()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "confirm", AppRoles.Coordinator);
        var view = await UploadAsync(service, coordinator, variant: 2);
        var review = view.Review;
        review.Key = "mengjin-reviewed";
        var task = review.Tasks.First(t => t.Deadlines.Count > 0 && !t.Lead.Contains("区工信局"));
        var wasLead = task.Lead[0];
        task.Lead[0] = "区工信局";
        task.Deadlines[0].Date = new DateOnly(2026, 6, 30);
        task.Deadlines[0].Text = "2026年6月30日前";
        var saved = await service.SaveAsync(coordinator, view.Id, view.Version, review);

        var result = await service.ConfirmAsync(coordinator, saved.Id, saved.Version);

        Assert.Equal(PlanImportOutcome.Imported, result.Outcome);
        await using var context = db.CreateDbContext();
        var imported = await context.Tasks.Include(t => t.Milestones).Include(t => t.Assignments).ThenInclude(a => a.Unit)
            .SingleAsync(t => t.Plan!.Key == "mengjin-reviewed" && t.ParentId == null && t.SourceLine == task.FirstLine);
        var leads = imported.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => a.Unit!.Name).ToList();
        Assert.Contains("区工信局", leads);
        Assert.DoesNotContain(wasLead, leads);
        Assert.Contains(imported.Milestones, m => m.DueOn == new DateOnly(2026, 6, 30));
        var planId = await context.Plans.Where(p => p.Key == "mengjin-reviewed").Select(p => p.Id).SingleAsync();
        var row = await context.AuditEntries.SingleAsync(a => a.Action == PlanImporter.ReviewedImportAction && a.EntityId == planId.ToString());
        Assert.Equal(coordinator.UserId, row.UserId);
        Assert.Contains("核对时更正 2 处", row.Summary);
        Assert.Contains($"牵头单位：{string.Join("、", task.Lead.Select(l => l == "区工信局" ? wasLead : l))}", row.After);
        Assert.Contains("2026年6月30日", row.After);
        Assert.False(await context.PlanImportDrafts.AnyAsync(d => d.UserId == coordinator.UserId));
    }

    [Theory]
    [InlineData("plan.txt", new byte[] { 0xC3, 0xCF, 0xBD, 0xF2, 0xC7, 0xF8, 0x0A, 0xB7, 0xBD, 0xB0, 0xB8 })]
    [InlineData("plan.docx", new byte[] { 0x50, 0x4B, 0x03, 0x04 })]
    [InlineData("notice.txt", new byte[] { 0xE8, 0xAF, 0xB7, 0xE5, 0x90, 0x84, 0xE5, 0x8D, 0x95, 0xE4, 0xBD, 0x8D, 0xE8, 0xAE, 0xA4, 0xE7, 0x9C, 0x9F, 0xE6, 0x89, 0xA7, 0xE8, 0xA1, 0x8C, 0xE3, 0x80, 0x82 })]
    public async Task AFileThatCannotBeReadSaysWhyAndLeavesNoDraftAndNoPlan(string fileName, byte[] bytes)
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, $"bad-{fileName}-{bytes.Length}", AppRoles.Coordinator);
        var before = await CountsAsync(db);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => service.StartAsync(coordinator, fileName, new MemoryStream(bytes), bytes.Length));

        Assert.NotNull(UserMessages.Of(refusal));
        Assert.Equal(before, await CountsAsync(db));
        Assert.Null(await service.OpenAsync(coordinator));
    }

    [Fact]
    public async Task ATextBeyondTheParsersLineLimitIsRefusedWithTheReasonAndLeavesNoDraftAndNoPlan()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "too-many-lines", AppRoles.Coordinator);
        var before = await CountsAsync(db);
        // 100 KB, far below any byte limit: only the line count can refuse it (the parser's cost grows with lines).
        var bytes = System.Text.Encoding.UTF8.GetBytes("一、\n" + new string('\n', PlanLimits.MaxLines));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => service.StartAsync(coordinator, "long.txt", new MemoryStream(bytes), bytes.Length));

        Assert.Contains($"超过上限 {PlanLimits.MaxLines} 行", UserMessages.Of(refusal)!.Text);
        Assert.Equal(before, await CountsAsync(db));
        Assert.Null(await service.OpenAsync(coordinator));
    }

    [Fact]
    public async Task ADraftSurvivesAReloadWithItsCorrectionsAndDiscardingItLeavesNothing()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "reload", AppRoles.Coordinator);
        var view = await UploadAsync(service, coordinator, variant: 3);
        view.Review.Tasks[1].Supporting.Add("区住建局机关服务中心");
        view.Review.MergeWithNext(view.Review.Tasks[2].Id);
        await service.SaveAsync(coordinator, view.Id, view.Version, view.Review);

        var reopened = await service.OpenAsync(coordinator);

        Assert.NotNull(reopened);
        Assert.Contains("区住建局机关服务中心", reopened.Review.Tasks[1].Supporting);
        Assert.Equal(UnitMatchKind.New, reopened.Units["区住建局机关服务中心"].Kind);
        Assert.Equal(view.Review.Tasks.Count, reopened.Review.Tasks.Count);
        Assert.Contains(reopened.Review.Corrections(), c => c.Contains("并入上一项"));

        await service.DiscardAsync(coordinator, reopened.Id);
        Assert.Null(await service.OpenAsync(coordinator));
    }

    [Fact]
    public async Task ASaveFromAnOlderPageIsAConflictNotAnOverwrite()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "conflict", AppRoles.Coordinator);
        var view = await UploadAsync(service, coordinator, variant: 4);
        await service.SaveAsync(coordinator, view.Id, view.Version, view.Review);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.SaveAsync(coordinator, view.Id, view.Version, view.Review));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.ConfirmAsync(coordinator, view.Id, view.Version));
        await service.DiscardAsync(coordinator, view.Id);
    }

    [Theory]
    [InlineData(AppRoles.Liaison)]
    [InlineData(AppRoles.Leader)]
    public async Task LiaisonsAndLeadersMayNotImportAPlan(string role)
    {
        var (db, service) = await SetupAsync();
        var actor = await AccountAsync(db, $"refused-{role}", role);
        var (content, size) = await MengjinAsync(5);

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.StartAsync(actor, "mengjin.txt", content, size));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.OpenAsync(actor));
    }

    [Fact]
    public async Task ACoordinatorOfAnotherRegionGetsNoRegionAndCannotImportForThisOne()
    {
        var (db, service) = await SetupAsync();
        var yichuan = await AccountAsync(db, "yichuan", AppRoles.Coordinator, region: "伊川县");
        var view = await UploadAsync(service, yichuan, variant: 6);

        // The document's own region is not theirs, and their own region is never filled in for them.
        Assert.Null(view.Review.RegionId);
        Assert.NotNull(view.RegionNotice);
        view.Review.RegionId = db.MengjinRegionId;
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.SaveAsync(yichuan, view.Id, view.Version, view.Review));
        Assert.Equal(PlanImportOutcome.Failed, (await service.ConfirmAsync(yichuan, view.Id, view.Version)).Outcome);
        await service.DiscardAsync(yichuan, view.Id);
    }

    [Fact]
    public async Task SplittingATaskGivesTwoTasksThatBothReachThePlan()
    {
        var review = PlanReview.From(PlanParser.Parse(await File.ReadAllTextAsync(RepoPaths.Seed("mengjin-2024"))), 2000);
        var count = review.Tasks.Count;
        var first = review.Tasks[0];

        review.Split(first.Id);

        Assert.Equal(count + 1, review.Tasks.Count);
        Assert.Equal($"{first.Number}之二", review.Tasks[1].Number);
        Assert.Equal(first.Lead, review.Tasks[1].Lead);
        Assert.Equal(count + 1, review.ToParsedPlan(0, "孟津区").Tasks.Count);
        Assert.Contains(review.Corrections(), c => c.StartsWith("拆分出任务"));
    }

    private static MemoryStream Ledger(string title)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Sheet1");
        sheet.Cell(1, 1).SetValue(title);
        string[] headers = ["序号", "任务名称", "牵头单位", "责任单位", "完成时限"];
        for (var i = 0; i < headers.Length; i++) sheet.Cell(3, i + 1).SetValue(headers[i]);
        string[][] rows = [["1", "施工工地扬尘治理", "区住建局", "区城管局", "2025年12月底前"], ["2", "道路扬尘清扫保洁", "区城管局", "区交通运输局", "2025年11月30日"]];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++) sheet.Cell(4 + r, c + 1).SetValue(rows[r][c]);
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task ALedgerGetsTheSameReviewWithItsRowsAndImportsWithItsCorrectionsAsALedger()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "ledger", AppRoles.Coordinator);
        var content = Ledger("孟津区扬尘治理核对测试任务台账");

        var view = await service.StartAsync(coordinator, "dust-review.xlsx", content, content.Length);

        Assert.Equal(db.MengjinRegionId, view.Review.RegionId);
        Assert.Equal("孟津区扬尘治理核对测试", view.Review.Title);
        Assert.Equal(["施工工地扬尘治理", "道路扬尘清扫保洁"], view.Review.Tasks.Select(t => t.Title));
        Assert.Contains("施工工地扬尘治理", view.Lines(view.Review.Tasks[0]).First());
        view.Review.Tasks[1].Lead = ["区住建局"];
        var saved = await service.SaveAsync(coordinator, view.Id, view.Version, view.Review);

        var result = await service.ConfirmAsync(coordinator, saved.Id, saved.Version);

        Assert.Equal(PlanImportOutcome.Imported, result.Outcome);
        await using var context = db.CreateDbContext();
        var plan = await context.Plans.SingleAsync(p => p.Key == "dust-review");
        var row = await context.AuditEntries.SingleAsync(a => a.Action == PlanImporter.LedgerImportAction && a.EntityId == plan.Id.ToString());
        Assert.Contains("牵头单位：区城管局 → 区住建局", row.After);
    }

    [Fact]
    public async Task ALedgerOfAnotherCountyIsNeverPutUnderTheUploadersOwnRegion()
    {
        var (db, service) = await SetupAsync();
        var coordinator = await AccountAsync(db, "xinan", AppRoles.Coordinator);
        var content = Ledger("新安县扬尘治理专项行动任务台账");

        var view = await service.StartAsync(coordinator, "xinan.xlsx", content, content.Length);

        Assert.Null(view.Review.RegionId);
        Assert.Contains("新安县", view.RegionNotice);
        await service.DiscardAsync(coordinator, view.Id);
    }
}
