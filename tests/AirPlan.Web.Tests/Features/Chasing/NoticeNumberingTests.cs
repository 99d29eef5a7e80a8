using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>督办单文号: per region and year, from 1, never twice and never skipped, whoever issues at the same moment.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NoticeNumberingTests(PostgresServer server) : IAsyncLifetime
{
    private ChasingDatabase _db = default!;

    public async Task InitializeAsync() => _db = await ChasingDatabase.ForClassAsync<NoticeNumberingTests>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TwentyNoticesIssuedAtOnceInOneRegionAreNumberedOneToTwentyWithoutGapsOrDuplicates()
    {
        var coordinator = await _db.AccountAsync("coordinator");
        var candidates = await _db.FreeCandidatesAsync(coordinator, 20);

        var issued = await Task.WhenAll(candidates.Select(c => Task.Run(() => _db.Notices.IssueAsync(coordinator, _db.InputFor(c.AssignmentId)))));

        var numbers = issued.SelectMany(n => n).Select(n => n.DocumentNumber).ToList();
        Assert.Equal(20, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"孟环督〔2025〕{i}号").Order(), numbers.Order());
        await using var db = _db.CreateDbContext();
        Assert.Equal(Enumerable.Range(1, 20), await db.SupervisionNotices.Where(n => n.RegionId == _db.MengjinRegionId && n.Year == 2025)
            .OrderBy(n => n.Number).Select(n => n.Number).ToListAsync());
        Assert.Equal(20, await db.NoticeCounters.Where(c => c.RegionId == _db.MengjinRegionId && c.Year == 2025).Select(c => c.LastNumber).SingleAsync());
    }

    [Fact]
    public async Task ANewYearStartsTheSeriesAgainAtOne()
    {
        var coordinator = await _db.AccountAsync("coordinator");
        var before = _db.Clock.Now;
        _db.Clock.Now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(8));
        try
        {
            var candidate = (await _db.FreeCandidatesAsync(coordinator, 1)).Single();
            var notice = (await _db.Notices.IssueAsync(coordinator, _db.InputFor(candidate.AssignmentId))).Single();
            Assert.Equal("孟环督〔2026〕1号", notice.DocumentNumber);
        }
        finally
        {
            _db.Clock.Now = before;
        }
    }

    [Fact]
    public async Task EachRegionHasItsOwnSeriesAndPrefix()
    {
        var yichuan = await _db.ActorAsync(AppRoles.Coordinator, "伊川县");
        var candidate = (await _db.FreeCandidatesAsync(yichuan, 1)).Single();

        var notice = (await _db.Notices.IssueAsync(yichuan, _db.InputFor(candidate.AssignmentId))).Single();

        Assert.Equal("伊环督〔2025〕1号", notice.DocumentNumber);
    }
}
