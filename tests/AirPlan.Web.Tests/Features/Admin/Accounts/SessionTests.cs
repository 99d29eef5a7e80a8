using System.Net;
using System.Security.Claims;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Calendar;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Admin.Accounts;

/// <summary>
/// Ending a session bites at once: the app here checks security stamps only once an hour, so nothing below passes by waiting
/// for the stamp check. A "copied cookie" is the sign-in cookie replayed by a second client that never signed out.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;

    public async Task InitializeAsync() => _app = await AccountsApp.WithSlowStampCheckAsync(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACookieCopiedBeforeSignOutIsRefusedAtOnce()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "copied");
        var (browser, copy) = await SignInWithCopyAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/plans")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.LogoutAsync(browser)).StatusCode);

        Assert.Equal("/account/login", PathOf(await copy.GetAsync("/plans")));
        Assert.Equal("/account/login", PathOf(await browser.GetAsync("/plans")));
    }

    [Fact]
    public async Task AfterSignOutEverywhereAnotherDevicesCookieIsRefusedAtOnce()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "everywhere");
        var (_, phone) = await SignInWithCopyAsync(user);
        var desktop = await SignIn.SignInAsync(_app, user.UserName!);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/plans")).StatusCode);

        var response = await SignIn.PostFormAsync(desktop, "/account/manage", "signout-everywhere", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", PathOf(await phone.GetAsync("/plans")));
        Assert.Equal("/account/login", PathOf(await desktop.GetAsync("/plans")));
    }

    [Fact]
    public async Task AfterDisablingTheAccountItsCookieIsRefusedAtOnce()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "disabled");
        var (_, copy) = await SignInWithCopyAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/plans")).StatusCode);

        await _app.Services.GetRequiredService<AccountAdminService>().DisableAsync(await AdminAsync(), user.Id);

        Assert.Equal("/account/login", PathOf(await copy.GetAsync("/plans")));
    }

    [Fact]
    public async Task AfterAnAdminResetsThePasswordTheOldCookieIsRefusedAtOnce()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "reset");
        var (_, copy) = await SignInWithCopyAsync(user);

        await _app.Services.GetRequiredService<AccountAdminService>().ResetPasswordAsync(await AdminAsync(), user.Id);

        Assert.Equal("/account/login", PathOf(await copy.GetAsync("/plans")));
    }

    [Fact]
    public async Task AfterAPasswordChangeACopiedCookieIsRefusedAtOnceWhileThisBrowserStaysSignedIn()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "changed");
        var (browser, copy) = await SignInWithCopyAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/plans")).StatusCode);

        var changed = await ChangePasswordAsync(browser, SignIn.DemoPassword, "Xinmima2026ok");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/account/login", PathOf(await copy.GetAsync("/plans")));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/plans")).StatusCode);
        Assert.Single(await AuditAsync(user.Id, AppSignInManager.ChangePasswordAction));
    }

    [Fact]
    public async Task AUserContextForARevokedSessionIsRefusedSoAnOpenPageLosesAccessOnItsNextAction()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "circuit");
        var sessions = _app.Services.GetRequiredService<UserSessions>();
        var loader = _app.Services.GetRequiredService<UserContextLoader>();
        var principal = Principal(user.Id, await sessions.StartAsync(user.Id));
        Assert.True((await loader.LoadAsync(principal)).IsAuthenticated);

        await sessions.RevokeAllAsync(user.Id);

        Assert.False((await loader.LoadAsync(principal)).IsAuthenticated);
    }

    [Fact]
    public async Task AUserContextWithoutASessionOrWithAnotherUsersSessionIsRefused()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "nosession");
        var other = await AccountsApp.CreateUserAsync(_app, "other");
        var sessions = _app.Services.GetRequiredService<UserSessions>();
        var loader = _app.Services.GetRequiredService<UserContextLoader>();

        var withoutSession = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "Identity.Application"));
        var borrowed = Principal(user.Id, await sessions.StartAsync(other.Id));

        Assert.False((await loader.LoadAsync(withoutSession)).IsAuthenticated);
        Assert.False((await loader.LoadAsync(borrowed)).IsAuthenticated);
    }

    [Fact]
    public async Task SigningInWritesAHistoryRow()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "audit-in");

        await SignIn.SignInAsync(_app, user.UserName!);

        var row = Assert.Single(await AuditAsync(user.Id, AppSignInManager.SignInAction));
        Assert.Equal(user.Id, row.UserId);
    }

    [Fact]
    public async Task AFailedSignInWritesTheUserNameAsTypedButNeverThePassword()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "audit-fail");
        var unknown = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, "Secret-typo-1");
        await SignIn.PostLoginAsync(SignIn.NewClient(_app), unknown, "Secret-typo-2");

        var known = Assert.Single(await AuditAsync(user.Id, AppSignInManager.SignInFailedAction));
        var stranger = Assert.Single(await AuditAsync(unknown, AppSignInManager.SignInFailedAction));
        Assert.Null(known.UserId);
        Assert.Contains(user.UserName!, known.After);
        Assert.Contains(unknown, stranger.Summary);
        Assert.Contains(unknown, stranger.After);
        foreach (var row in new[] { known, stranger })
            Assert.DoesNotContain("Secret-typo", row.Summary + row.Before + row.After);
    }

    [Fact]
    public async Task AThrottledAttemptWritesAHistoryRowToo()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "audit-slow");
        var client = SignIn.NewClient(_app);

        for (var i = 1; i <= 7; i++) await SignIn.PostLoginAsync(client, user.UserName!, "wrong-" + i);

        var failures = await AuditAsync(user.Id, AppSignInManager.SignInFailedAction);
        var throttled = await AuditAsync(user.UserName!, AppSignInManager.SignInFailedAction);
        Assert.Equal(6, failures.Count);
        Assert.Contains("尝试过于频繁", Assert.Single(throttled).Summary);
    }

    [Fact]
    public async Task SigningOutAndSigningOutEverywhereWriteHistoryRows()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "audit-out");
        var first = await SignIn.SignInAsync(_app, user.UserName!);
        var second = await SignIn.SignInAsync(_app, user.UserName!);

        await SignIn.LogoutAsync(first);
        await SignIn.PostFormAsync(second, "/account/manage", "signout-everywhere", new Dictionary<string, string>());

        Assert.Single(await AuditAsync(user.Id, AppSignInManager.SignOutAction));
        Assert.Single(await AuditAsync(user.Id, AppSignInManager.SignOutEverywhereAction));
    }

    [Fact]
    public async Task ChangingTheCalendarLinkWritesAHistoryRowWithoutTheToken()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "audit-cal");
        var calendar = _app.Services.GetRequiredService<CalendarFeed>();

        var firstToken = await calendar.IssueTokenAsync(user.Id);
        var secondToken = await calendar.IssueTokenAsync(user.Id);

        var rows = await AuditAsync(user.Id, CalendarFeed.TokenAction);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.DoesNotContain(firstToken, r.Summary + r.After));
        Assert.All(rows, r => Assert.DoesNotContain(secondToken, r.Summary + r.After));
    }

    [Fact]
    public async Task TruncatingTheHistoryIsRefused()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // In a transaction that is rolled back, so that were the trigger missing, this test would not empty the shared history.
        await using var transaction = await db.Database.BeginTransactionAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));

        Assert.Contains("操作记录只能追加", error.Message);
        await transaction.RollbackAsync();
    }

    /// <summary>Signs in through the form and returns the browser and a second client that replays the same cookie.</summary>
    private async Task<(HttpClient Browser, HttpClient Copy)> SignInWithCopyAsync(AppUser user)
    {
        var browser = SignIn.NewClient(_app);
        var response = await SignIn.PostLoginAsync(browser, user.UserName!, SignIn.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(".AirPlan.Auth")).Select(c => c.Split(';')[0]).ToList();
        Assert.NotEmpty(cookies);
        var copy = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        return (browser, copy);
    }

    private static ClaimsPrincipal Principal(string userId, Guid sessionId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(UserSessions.ClaimType, sessionId.ToString())],
            "Identity.Application"));

    private async Task<UserContext> AdminAsync()
    {
        using var scope = _app.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin")
            ?? throw new InvalidOperationException("admin");
        return await AccountsApp.ActorAsync(_app, admin.Id);
    }

    private async Task<List<AuditEntry>> AuditAsync(string entityId, string action)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == entityId && a.Action == action).ToListAsync();
    }

    private Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next) =>
        SignIn.PostFormAsync(client, "/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = next,
        });

    private static string PathOf(HttpResponseMessage response) =>
        (response.Headers.Location ?? throw new InvalidOperationException($"不是跳转：HTTP {(int)response.StatusCode}")).OriginalString.Split('?')[0]
            is var path && path.StartsWith("http") ? new Uri(path).AbsolutePath : path;
}
