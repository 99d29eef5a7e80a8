using System.Text;
using AirPlan.Core.Parsing;
using AirPlan.Core.Tests.Parsing.Documents;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Plans.Import.Review;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Plans;

/// <summary>
/// 需要核对 N 处: how many corrections a seed needs when it comes in again, in any format, to a database where it was imported
/// (its region has its units, aliases and areas). The target is none, and it is none; Core's ReviewCorrectionsPerSeedTests count the same
/// for a region without units.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReviewCorrectionsTests(PostgresServer server)
{
    /// <summary>
    /// Every format but the PDF: reading a PDF costs a second a seed, and Core's PlanDocumentFormatTests hold it to the same
    /// plan as the text field by field (and Core's ReviewCorrectionsPerSeedTests count it); what this class adds — the
    /// region's units, aliases and areas — does not depend on the format.
    /// </summary>
    public static TheoryData<string, string> SeedsAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var seed in TestDocuments.SeedNames)
            foreach (var format in TestDocuments.Formats.Where(f => f != "pdf")) data.Add(seed, format);
        return data;
    }

    /// <summary>An admin account of its own per upload (one open review per user): admins may import for every region.</summary>
    private static async Task<UserContext> AdminAsync(WorkDatabase db, string name)
    {
        var actor = await db.ActorAsync(AppRoles.Admin) with { UserId = $"corrections-{name}", UserName = $"corrections-{name}" };
        await using var context = db.CreateDbContext();
        if (!await context.Users.AnyAsync(u => u.Id == actor.UserId))
        {
            context.Users.Add(new AppUser { Id = actor.UserId, UserName = actor.UserName, NormalizedUserName = actor.UserName.ToUpperInvariant(), DisplayName = $"核对{name}" });
            await context.SaveChangesAsync();
        }
        return actor;
    }

    [Theory]
    [MemberData(nameof(SeedsAndFormats))]
    public async Task ASeedNeedsNoCorrectionInAnyFormatWhenItsRegionAlreadyHasItsUnits(string seed, string format)
    {
        var db = await WorkDatabase.ForClassAsync<ReviewCorrectionsTests>(server);
        var service = db.Get<PlanImportReviewService>();
        var admin = await AdminAsync(db, $"{seed}-{format}");
        var (fileName, bytes) = TestDocuments.InFormat(seed, format);

        var view = await service.StartAsync(admin, fileName, new MemoryStream(bytes), bytes.Length);

        Assert.NotNull(view.Review.RegionId);
        Assert.True(view.Findings.Count == 0, string.Join("\n", view.Findings));
        Assert.All(view.Units.Values, u => Assert.NotEqual(UnitMatchKind.New, u.Kind));
        await service.DiscardAsync(admin, view.Id);
    }

    [Fact]
    public async Task ACorrectionTakesItsFindingOffTheCount()
    {
        var db = await WorkDatabase.ForClassAsync<ReviewCorrectionsTests>(server);
        var service = db.Get<PlanImportReviewService>();
        var admin = await AdminAsync(db, "correct");
        var bytes = Encoding.UTF8.GetBytes("""
            洛阳市孟津区空气质量持续改善扬尘和产能专项实施方案
            一、主要任务
            1．加强扬尘污染综合治理。严格落实施工工地“六个百分百”。（各镇（街道、开发区）政府（办事处、管委会）负责落实）
            2．加快淘汰落后产能。逐步退出限制类涉气行业工艺和装备。（区工信局牵头，住建局配合）
            """);
        var view = await service.StartAsync(admin, "mengjin-corrections.txt", new MemoryStream(bytes), bytes.Length);
        Assert.True(view.Findings.Select(f => f.Kind).SequenceEqual([ReviewFindingKind.NoLead]), string.Join("\n", view.Findings));

        view.Review.Tasks[0].Lead = ["区住建局"];
        var saved = await service.SaveAsync(admin, view.Id, view.Version, view.Review);

        Assert.Empty(saved.Findings);
        await service.DiscardAsync(admin, saved.Id);
    }
}
