using System.Net;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Account.Pages;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Admin.Accounts;

[Collection(PostgresCollection.Name)]
public sealed class SignInTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;

    public async Task InitializeAsync() => _app = await AccountsApp.GetAsync(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AnonymousVisitorIsSentToSignInWithTheAddressToComeBackTo()
    {
        var response = await SignIn.NewClient(_app).GetAsync("/plans");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", PathOf(response));
        Assert.Contains("returnUrl=%2Fplans", response.Headers.Location!.Query);
    }

    [Fact]
    public async Task SignedInUserReachesThePlans()
    {
        var client = await SignIn.SignInAsync(_app, "admin");

        var response = await client.GetAsync("/plans");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("实施方案", html);
        Assert.Contains("系统管理员", html); // name and role in the app bar
        Assert.Contains("action=\"/account/logout\"", html);
    }

    [Fact]
    public async Task SignInFollowsALocalReturnAddressButNotAForeignOne()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "return");

        var local = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword, "/plans/mengjin-2024?tab=1");
        var foreign = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword, "https://evil.example/");
        var protocolRelative = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword, "//evil.example/");

        Assert.Equal("/plans/mengjin-2024?tab=1", Target(local));
        Assert.Equal("/", Target(foreign));
        Assert.Equal("/", Target(protocolRelative));
    }

    [Fact]
    public async Task WrongPasswordSaysUserNameOrPasswordIsWrong()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "wrong");

        var response = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, "not-the-password");
        var unknown = await SignIn.PostLoginAsync(SignIn.NewClient(_app), "nobody-here", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码错误", await response.Content.ReadAsStringAsync());
        Assert.Contains("用户名或密码错误", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RapidWrongPasswordsAreSlowedDownAndNoAnswerTellsWhetherTheNameExists()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "guessed");
        var unknown = "nobody-" + Guid.NewGuid().ToString("N")[..10];
        using var rapid = AccountsApp.ThrottleClock.Hold();

        var forKnown = await AnswersAsync(SignIn.NewClient(_app), user.UserName!, 30);
        var forUnknown = await AnswersAsync(SignIn.NewClient(_app), unknown, 30);

        // Six free tries, then the seventh must wait; after each wait one more is checked, and the next wait is twice as long,
        // so of 30 quick tries only a handful are checked at all.
        Assert.All(forKnown.Take(6), answer => Assert.Equal(Login.WrongCredentials, answer));
        Assert.StartsWith("登录尝试过于频繁", forKnown[6]);
        Assert.InRange(forKnown.Count(answer => answer == Login.WrongCredentials), 6, 10);
        // The waits depend on how fast the machine answers; the words do not depend on whether the name exists.
        Assert.Equal(forKnown.Select(WithoutDigits).Distinct().Order(), forUnknown.Select(WithoutDigits).Distinct().Order());
        Assert.StartsWith("登录尝试过于频繁", forUnknown[6]);
    }

    [Fact]
    public async Task WhileSlowedDownEvenTheRightPasswordIsNotCheckedButTheOwnerWaitsAtMostAMinute()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "hammered");

        // A stranger's 40 failures in a row, just now (recorded directly: a loop of requests would race the clock on a slow machine).
        var throttle = _app.Services.GetRequiredService<SignInThrottle>();
        for (var i = 0; i < 40; i++) await throttle.FailedAsync(user.UserName!, "203.0.113.9");

        var owner = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        var answer = ErrorOf(await owner.Content.ReadAsStringAsync());
        Assert.StartsWith("登录尝试过于频繁", answer);
        Assert.Contains("秒", answer); // the account's cap is a minute: a stranger cannot lock the owner out for longer
        Assert.False((await FindAsync(user.UserName!)).LockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task OneAddressTryingManyNamesIsSlowedDownForEveryName()
    {
        var robot = SignIn.NewClient(_app);
        using var rapid = AccountsApp.ThrottleClock.Hold();
        for (var i = 0; i < 12; i++)
            await SignIn.PostLoginAsync(robot, $"guess-{i}-{Guid.NewGuid():N}"[..20], "wrong-password-" + i);
        var user = await AccountsApp.CreateUserAsync(_app, "neighbour");

        var fromRobot = await SignIn.PostLoginAsync(robot, user.UserName!, SignIn.DemoPassword);
        var fromElsewhere = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword);

        Assert.StartsWith("登录尝试过于频繁", ErrorOf(await fromRobot.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, fromElsewhere.StatusCode);
    }

    [Fact]
    public async Task ASuccessfulSignInForgetsTheNamesEarlierFailures()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "typo");
        var client = SignIn.NewClient(_app);
        for (var i = 0; i < 5; i++) await SignIn.PostLoginAsync(client, user.UserName!, "typo-" + i);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, user.UserName!, SignIn.DemoPassword)).StatusCode);

        var answers = await AnswersAsync(SignIn.NewClient(_app), user.UserName!, 6);

        Assert.All(answers, answer => Assert.Equal(Login.WrongCredentials, answer));
    }

    [Fact]
    public async Task NewPasswordsFollowThePolicyAndTheLastFiveCannotBeReused()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "history");
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var account = (await users.FindByIdAsync(user.Id))!;
        string[] used = ["第一个密码是春天的孟津区", "第二个密码是夏天的孟津区", "第三个密码是秋天的孟津区", "第四个密码是冬天的孟津区", "第五个密码是新年的孟津区"];

        var current = SignIn.DemoPassword;
        foreach (var next in used)
        {
            var changed = await users.ChangePasswordAsync(account, current, next);
            Assert.True(changed.Succeeded, next + "：" + string.Join("；", changed.Errors.Select(e => e.Description)));
            current = next;
        }
        var reuseRecent = await users.ChangePasswordAsync(account, current, used[1]);
        var reuseSixthBack = await users.ChangePasswordAsync(account, current, SignIn.DemoPassword);
        account = (await users.FindByIdAsync(user.Id))!;
        var shortOne = await users.ChangePasswordAsync(account, SignIn.DemoPassword, "Password123");
        var common = await users.ChangePasswordAsync(account, SignIn.DemoPassword, "PASSWORD1234");
        var passphrase = await users.ChangePasswordAsync(account, SignIn.DemoPassword, string.Concat(Enumerable.Repeat("蓝天保卫战打赢了吗", 8))[..64]);

        Assert.Equal(PasswordRules.ReusedMessage, Assert.Single(reuseRecent.Errors).Description);
        Assert.True(reuseSixthBack.Succeeded);
        Assert.Equal("PasswordPolicy", Assert.Single(shortOne.Errors).Code);
        Assert.Contains("常见", Assert.Single(common.Errors).Description);
        Assert.True(passphrase.Succeeded, string.Join("；", passphrase.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task DisabledAccountIsRefused()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "disabled", disabled: true);

        var rightPassword = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword);
        var wrongPassword = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        Assert.Contains("账号已停用", await rightPassword.Content.ReadAsStringAsync());
        Assert.Contains("用户名或密码错误", await wrongPassword.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsOpenSessions()
    {
        var admin = await AccountsApp.ActorAsync(_app, (await FindAsync("admin")).Id);
        var user = await AccountsApp.CreateUserAsync(_app, "kicked");
        var client = await SignIn.SignInAsync(_app, user.UserName!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/plans")).StatusCode);

        await _app.Services.GetRequiredService<AccountAdminService>().DisableAsync(admin, user.Id);

        Assert.Equal("/account/login", PathOf((await client.GetAsync("/plans"))));
    }

    [Fact]
    public async Task TemporaryPasswordLeadsToChangePasswordUntilChanged()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "mustchange", mustChangePassword: true);
        var client = SignIn.NewClient(_app);

        var signedIn = await SignIn.PostLoginAsync(client, user.UserName!, SignIn.DemoPassword, "/plans");
        var plansBefore = await client.GetAsync("/plans");
        var manageBefore = await client.GetAsync("/account/manage");
        var sameAgain = await ChangePasswordAsync(client, SignIn.DemoPassword, SignIn.DemoPassword);
        var changed = await ChangePasswordAsync(client, SignIn.DemoPassword, "Xinmima2026ok");
        var plansAfter = await client.GetAsync("/plans");

        Assert.StartsWith("/account/change-password", Target(signedIn));
        Assert.Equal("/account/change-password", PathOf(plansBefore));
        Assert.Equal("/account/change-password", PathOf(manageBefore));
        Assert.Contains("新密码不能与当前密码相同", await sameAgain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plansAfter.StatusCode);
        Assert.False((await FindAsync(user.UserName!)).MustChangePassword);
    }

    [Fact]
    public async Task AccountAnAdminCreatesMustChangeItsPasswordAtFirstSignIn()
    {
        var admin = await AccountsApp.ActorAsync(_app, (await FindAsync("admin")).Id);
        var regionId = await MengjinIdAsync();
        var created = await _app.Services.GetRequiredService<AccountAdminService>().CreateAsync(admin, new NewAccount
        {
            UserName = "new-leader-" + Guid.NewGuid().ToString("N")[..6],
            DisplayName = "新领导",
            Role = AppRoles.Leader,
            RegionIds = [regionId],
        });
        var client = SignIn.NewClient(_app);

        var signedIn = await SignIn.PostLoginAsync(client, created.UserName, created.TemporaryPassword);

        Assert.StartsWith("/account/change-password", Target(signedIn));
        Assert.Equal("/account/change-password", PathOf((await client.GetAsync("/plans"))));
    }

    [Fact]
    public async Task DemoAccountsNeedNoPasswordChange()
    {
        var client = await SignIn.SignInAsync(_app, "liaison-fgw");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/plans")).StatusCode);
    }

    [Fact]
    public async Task LogoutEndsTheSession()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "logout");
        var client = await SignIn.SignInAsync(_app, user.UserName!);

        var loggedOut = await SignIn.LogoutAsync(client);
        var plans = await client.GetAsync("/plans");

        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        Assert.Equal("/account/login", PathOf(plans));
    }

    [Fact]
    public async Task LogoutWithoutAntiforgeryTokenIsRefused()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "csrf");
        var client = await SignIn.SignInAsync(_app, user.UserName!);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/plans")).StatusCode);
    }

    [Fact]
    public async Task SignOutEverywhereEndsTheOtherSessionsToo()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "everywhere");
        var phone = await SignIn.SignInAsync(_app, user.UserName!);
        var desktop = await SignIn.SignInAsync(_app, user.UserName!);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/plans")).StatusCode);

        var response = await SignIn.PostFormAsync(desktop, "/account/manage", "signout-everywhere", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", PathOf((await phone.GetAsync("/plans"))));
        Assert.Equal("/account/login", PathOf((await desktop.GetAsync("/plans"))));
    }

    [Fact]
    public async Task OnlyAdminsReachTheAccountsPage()
    {
        var liaison = await SignIn.SignInAsync(_app, "liaison-fgw");
        var admin = await SignIn.SignInAsync(_app, "admin");

        var refused = await liaison.GetAsync("/admin/accounts");
        var allowed = await admin.GetAsync("/admin/accounts");

        Assert.Equal("/account/denied", PathOf(refused));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("账号管理", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public void OpenPagesRecheckTheirUserWhileTheyRun()
    {
        using var scope = _app.Services.CreateScope();

        Assert.IsType<IdentityRevalidatingAuthenticationStateProvider>(
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>());
    }

    [Fact]
    public async Task PagesCarrySecurityHeaders()
    {
        var response = await SignIn.NewClient(_app).GetAsync("/account/login");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self';", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.Contains("Permissions-Policy"));
    }

    [Fact]
    public async Task StylesReachTheSignInPageBeforeAnyoneSignsIn()
    {
        var response = await SignIn.NewClient(_app).GetAsync("/app.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignInCookieIsHttpOnlyAndLax()
    {
        var user = await AccountsApp.CreateUserAsync(_app, "cookie");

        var response = await SignIn.PostLoginAsync(SignIn.NewClient(_app), user.UserName!, SignIn.DemoPassword);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AirPlan.Auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where a redirect goes, as a path on this site (fails if it leaves the site).</summary>
    private static string Target(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"不是跳转：HTTP {(int)response.StatusCode}");
        if (!location.IsAbsoluteUri) return location.OriginalString;
        Assert.Equal("localhost", location.Host);
        return location.PathAndQuery;
    }

    private static string PathOf(HttpResponseMessage response) => Target(response).Split('?')[0];

    /// <summary>The error each of <paramref name="count"/> quick wrong-password attempts gets back.</summary>
    private async Task<List<string>> AnswersAsync(HttpClient client, string userName, int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var response = await SignIn.PostLoginAsync(client, userName, "wrong-guess-" + i);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(ErrorOf(await response.Content.ReadAsStringAsync()));
        }
        return answers;
    }

    private static string WithoutDigits(string text) => string.Concat(text.Where(c => !char.IsAsciiDigit(c)));

    /// <summary>The text of the sign-in page's error alert.</summary>
    private static string ErrorOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\"[^>]*>(?:<[^>]+>)*([^<]+)<");
        Assert.True(match.Success, "页面没有错误提示");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    private Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next) =>
        SignIn.PostFormAsync(client, "/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = next,
        });

    private async Task<AppUser> FindAsync(string userName)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException(userName);
    }

    private async Task<int> MengjinIdAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Regions.Where(r => r.Name == "孟津区").Select(r => r.Id).FirstAsync();
    }
}
