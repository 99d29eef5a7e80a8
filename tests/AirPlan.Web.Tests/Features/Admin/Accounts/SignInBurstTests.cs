using System.Net;
using AirPlan.Core.Security;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Account.Pages;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Admin.Accounts;

/// <summary>
/// Fifty sign-ins at once, as a Monday morning and a guesser together: right passwords get in, wrong ones are counted
/// without a lost update and slowed per account and per address (decision 015), nobody is locked out for more than the
/// account's minute, and the words never tell whether a name exists.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SignInBurstTests(PostgresServer server)
{
    [Fact]
    public async Task FiftyParallelSignInsLetTheRightOnesInAndSlowTheWrongOnesPerAccountAndPerAddressWithoutA500()
    {
        var app = await AccountsApp.GetAsync(server);
        var colleagues = new List<AppUser>();
        for (var i = 0; i < 3; i++) colleagues.Add(await AccountsApp.CreateUserAsync(app, "burst-ok"));
        var victim = await AccountsApp.CreateUserAsync(app, "burst-victim");
        var robot = SignIn.NewAddress();

        // 15 right passwords (3 colleagues × 5 browsers), 20 wrong ones for the victim's name from 20 addresses (a spread-out
        // guesser), 15 wrong ones for names that do not exist from one address (a robot), all at once.
        var attempts = colleagues.SelectMany(c => Enumerable.Range(0, 5).Select(_ => new Attempt("right", c.UserName!, SignIn.DemoPassword, SignIn.NewAddress())))
            .Concat(Enumerable.Range(0, 20).Select(i => new Attempt("victim", victim.UserName!, "guess-" + i, SignIn.NewAddress())))
            .Concat(Enumerable.Range(0, 15).Select(i => new Attempt("robot", $"nobody-{i}-{Guid.NewGuid():N}"[..20], "guess-" + i, robot)))
            .ToList();
        Assert.Equal(50, attempts.Count);
        var answers = await Task.WhenAll(attempts.Select(async attempt =>
        {
            var response = await SignIn.PostLoginAsync(SignIn.NewClient(app, attempt.Address), attempt.UserName, attempt.Password);
            var body = await response.Content.ReadAsStringAsync();
            return (attempt, response.StatusCode, Error: response.StatusCode == HttpStatusCode.OK ? ErrorOf(body) : null);
        }));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.OK }));
        Assert.All(answers.Where(a => a.attempt.Kind == "right"), a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        var wrong = answers.Where(a => a.attempt.Kind != "right").ToList();
        Assert.All(wrong, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // One message for a wrong password whether the name exists or not; the other answer is the wait.
        Assert.All(wrong, a => Assert.True(a.Error == Login.WrongCredentials || a.Error!.StartsWith("登录尝试过于频繁"), a.Error));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        async Task<int> CountAsync(string key) =>
            await db.SignInFailures.AsNoTracking().Where(f => f.Key == key).Select(f => f.Failures).SingleOrDefaultAsync();
        int Checked(string kind) => wrong.Count(a => a.attempt.Kind == kind && a.Error == Login.WrongCredentials);

        // Every checked failure is counted exactly once, however many arrive together (an atomic upsert, no lost update) …
        Assert.Equal(Checked("victim"), await CountAsync("account:" + victim.UserName!.ToUpperInvariant()));
        Assert.Equal(Checked("robot"), await CountAsync("address:" + robot));
        // … and enough of them are checked to start the wait, never fewer: past the free failures the rest wait (per account
        // 5 free, per address 10; a burst can slip a few more past the check before its failures are written).
        Assert.InRange(Checked("victim"), SignInBackoff.Account.FreeFailures + 1, 20);
        Assert.InRange(Checked("robot"), SignInBackoff.Address.FreeFailures + 1, 15);

        // The stranger cost the victim at most the account's cap, and Identity's lock-out was never set.
        var wait = await app.Services.GetRequiredService<SignInThrottle>().WaitAsync(victim.UserName, SignIn.NewAddress());
        Assert.True(wait is null || wait <= SignInBackoff.Account.MaxDelay, wait?.ToString());
        Assert.Null((await db.Users.AsNoTracking().SingleAsync(u => u.Id == victim.Id)).LockoutEnd);
    }

    private sealed record Attempt(string Kind, string UserName, string Password, string Address);

    /// <summary>The text of the sign-in page's error alert.</summary>
    private static string ErrorOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\"[^>]*>(?:<[^>]+>)*([^<]+)<");
        Assert.True(match.Success, "页面没有错误提示");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }
}
