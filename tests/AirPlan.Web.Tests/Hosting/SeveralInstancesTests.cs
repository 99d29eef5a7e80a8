using System.Net;
using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>
/// Two instances of the app on real loopback ports over one database, as behind a load balancer: what one issues (the
/// sign-in cookie, an antiforgery token) the other accepts, because the key ring is in the database.
/// </summary>
[Collection(HostingCollection.Name)]
public sealed class SeveralInstancesTests(PostgresServer server)
{
    private static (AppFactory App, Uri Address) Start(string connectionString)
    {
        var app = new AppFactory(connectionString, "Development", new Dictionary<string, string?> { ["AirPlan:Facts:WarmOnStart"] = "false" });
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        return (app, new Uri(address));
    }

    [Fact]
    public async Task AUserSignedInOnOneInstanceIsSignedInOnTheOtherAndItsFormsAreAcceptedThere()
    {
        var connectionString = await SeedTemplates.SeededCopyAsync(server, "instances");
        var (appA, addressA) = Start(connectionString);
        await using var _ = appA;
        var (appB, addressB) = Start(connectionString);
        await using var __ = appB;
        // One browser: cookies for 127.0.0.1 go to both ports, as they go to both instances behind one host name.
        var cookies = new CookieContainer();
        HttpClient Client(Uri address) => new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        using var a = Client(addressA);
        using var b = Client(addressB);

        var signIn = await SignIn.PostLoginAsync(a, "liaison-fgw", SignIn.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The cookie from A opens a signed-in page on B.
        var onB = await b.GetAsync("/account/change-password");
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        // An antiforgery token from a form on A is accepted by B: B signs the user out (302 to sign-in, not 400).
        var tokenFromA = SignIn.AntiforgeryToken(await (await a.GetAsync("/account/change-password")).Content.ReadAsStringAsync());
        var logout = await b.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokenFromA }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        // The session ended on B is ended on A too (one session table).
        var afterLogout = await a.GetAsync("/account/change-password");
        Assert.Equal(HttpStatusCode.Redirect, afterLogout.StatusCode);
        Assert.Contains("/account/login", afterLogout.Headers.Location!.ToString());

        // Two instances in one test process would also share a key folder on disk; the one key in the database is what
        // shows the ring is read from there (separate machines have no folder in common).
        await using var db = appA.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }
}
