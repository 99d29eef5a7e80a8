using System.Security.Cryptography;
using AirPlan.Web.Data;
using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Dashboard.Calendar;

/// <summary>
/// 订阅日历: each user's secret feed of the 完成时限 of their units' assignments. The token is the only credential (calendar
/// apps cannot sign in), so it is long and random, and issuing a new one revokes the old link.
/// </summary>
public sealed class CalendarFeed(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, StatusEngine engine)
{
    public static string UrlFor(string token) => $"/calendar/{token}.ics";

    public async Task<string?> TokenOfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.CalendarToken).SingleOrDefaultAsync(ct);
    }

    public const string TokenAction = "account.calendar-token";

    /// <summary>Issues a new token (the old link stops working) and returns it; the history records that the link changed, never the token.</summary>
    public async Task<string> IssueTokenAsync(string userId, CancellationToken ct = default)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, HadToken = u.CalendarToken != null }).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("账号不存在");
        var actor = new UserContext(user.Id, user.UserName ?? "", user.DisplayName, new HashSet<string>(), new HashSet<int>(), new HashSet<int>());
        db.Audit(actor, clock.GetUtcNow(), TokenAction, Admin.Accounts.AccountAdminService.EntityType, user.Id, null,
            user.HadToken ? $"重新生成日历订阅链接（{user.UserName}），旧链接失效" : $"开通日历订阅链接（{user.UserName}）");
        // The new token and its history row commit together; the row is accepted only after the commit, so a retry after a
        // dropped connection writes it again rather than once per attempt.
        await db.Database.InTransactionAsync(async token2 =>
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarToken, token), token2);
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token2);
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
        return token;
    }

    /// <summary>The .ics text for a token, or null when no active account holds it.</summary>
    public async Task<string?> FeedAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length < 20) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarToken == token && !u.IsDisabled)
            .Select(u => new { u.Id }).SingleOrDefaultAsync(ct);
        if (user is null) return null;

        var units = db.UserUnits.Where(uu => uu.UserId == user.Id).Select(uu => uu.UnitId);
        var events = await db.Assignments.AsNoTracking().Where(a => units.Contains(a.UnitId) && a.ClosedAt == null)
            .SelectMany(a => a.Task!.Milestones, (a, m) => new
            {
                MilestoneId = m.Id, AssignmentId = a.Id, a.UnitId, m.DueOn, m.Text, a.Role, a.Status, UnitName = a.Unit!.Name,
                a.Task!.Number, a.Task.Title, PlanTitle = a.Task.Plan!.Title,
            })
            .OrderBy(e => e.DueOn).ThenBy(e => e.MilestoneId).ThenBy(e => e.UnitId)
            .ToListAsync(ct);

        // Status and 逾期 as the status engine judges them today: the feed says what the task page and lists say.
        var facts = await engine.JudgeAsync(db, events.Select(e => e.AssignmentId).Distinct().ToList(), ct: ct);
        var today = engine.Today;

        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'");
        var ics = new ICalendarWriter()
            .Line("BEGIN", "VCALENDAR").Line("VERSION", "2.0").Line("PRODID", "-//AirPlan//完成时限//ZH")
            .Line("CALSCALE", "GREGORIAN").Line("METHOD", "PUBLISH").Text("X-WR-CALNAME", "AirPlan 完成时限");
        foreach (var e in events)
        {
            var fact = facts.GetValueOrDefault(e.AssignmentId);
            var daysOverdue = WarningLights.DaysOverdue(fact?.FirstMissedDue, today);
            var state = StatusTitles.Of(fact?.Status ?? e.Status) + (daysOverdue > 0 ? $"，逾期 {daysOverdue} 天" : "");
            ics.Line("BEGIN", "VEVENT")
                // Stable per milestone and unit, so calendar apps update an event rather than duplicate it.
                .Line("UID", $"milestone-{e.MilestoneId}-unit-{e.UnitId}@airplan")
                .Line("DTSTAMP", stamp)
                .Line("DTSTART;VALUE=DATE", e.DueOn.ToString("yyyyMMdd"))
                .Line("DTEND;VALUE=DATE", e.DueOn.AddDays(1).ToString("yyyyMMdd"))
                .Text("SUMMARY", $"{e.Number} {e.Title}（{e.UnitName}）")
                .Text("DESCRIPTION", $"完成时限：{e.Text}\n方案：{e.PlanTitle}\n分工：{StatusTitles.Of(e.Role)}\n状态：{state}")
                .Line("TRANSP", "TRANSPARENT")
                .Line("END", "VEVENT");
        }
        return ics.Line("END", "VCALENDAR").ToString();
    }
}
