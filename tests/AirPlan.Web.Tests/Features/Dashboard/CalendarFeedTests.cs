using System.Text;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Calendar;
using AirPlan.Web.Tests.Infrastructure;

namespace AirPlan.Web.Tests.Features.Dashboard;

/// <summary>订阅日历: the .ics feed of a user's units' 完成时限, reached by secret token only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CalendarFeedTests(PostgresServer server) : IAsyncLifetime
{
    private SmallPlan _plan = default!;
    private string _userId = "";

    public async Task InitializeAsync()
    {
        _plan = await SmallPlan.ForClassAsync<CalendarFeedTests>(server);
        _userId = $"cal-{Guid.NewGuid():N}";
        await using var db = _plan.CreateDbContext();
        db.Users.Add(new AppUser { Id = _userId, UserName = _userId, NormalizedUserName = _userId.ToUpperInvariant(), DisplayName = "联络员" });
        db.UserUnits.Add(new UserUnit { UserId = _userId, UnitId = _plan.DeptB });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private CalendarFeed Feed => _plan.Get<CalendarFeed>();

    [Fact]
    public async Task TheFeedHasAnAllDayEventForEachMilestoneOfTheUsersUnits()
    {
        var ics = await Feed.FeedAsync(await Feed.IssueTokenAsync(_userId));

        Assert.NotNull(ics);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        var unfolded = ics.Replace("\r\n ", "");
        Assert.Equal(3, unfolded.Split("BEGIN:VEVENT").Length - 1);   // A2: 09-30 · A5: 08-31, 11-10
        Assert.Contains("DTSTART;VALUE=DATE:20250831\r\n", unfolded);
        Assert.Contains("DTEND;VALUE=DATE:20250901\r\n", unfolded);
        Assert.Contains("SUMMARY:2 任务2（测试部门乙）\r\n", unfolded);
        Assert.Contains(@"DESCRIPTION:完成时限：2025年8月底前\n方案：测试方案", unfolded);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", ""));
    }

    [Fact]
    public async Task EventUidsStayTheSameAcrossFetches()
    {
        var token = await Feed.IssueTokenAsync(_userId);
        static IEnumerable<string> Uids(string ics) => ics.Split("\r\n").Where(l => l.StartsWith("UID:"));

        Assert.Equal(Uids((await Feed.FeedAsync(token))!), Uids((await Feed.FeedAsync(token))!));
    }

    [Fact]
    public async Task UnknownAndRegeneratedTokensFindNothing()
    {
        var old = await Feed.IssueTokenAsync(_userId);
        var current = await Feed.IssueTokenAsync(_userId);

        Assert.Null(await Feed.FeedAsync(old));
        Assert.Null(await Feed.FeedAsync("no-such-token-at-all-xxxxxxxx"));
        Assert.NotNull(await Feed.FeedAsync(current));
    }

    [Fact]
    public void LongLinesAreFoldedAt75OctetsWithoutSplittingCharacters()
    {
        var ics = new ICalendarWriter().Text("SUMMARY", new string('臭', 60) + "，氧;\\" + ",a").ToString();

        var lines = ics.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.All(lines.Skip(1), l => Assert.StartsWith(" ", l));
        Assert.Equal("SUMMARY:" + new string('臭', 60) + @"，氧\;\\\,a", string.Concat(lines.Select((l, i) => i == 0 ? l : l[1..])));
    }
}
