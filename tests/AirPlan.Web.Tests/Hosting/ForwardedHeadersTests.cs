using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>
/// X-Forwarded-For decides the address sign-in throttling counts and the 操作记录 shows, so it is believed only from the
/// proxies in AirPlan:Proxy:KnownProxies; from anyone else it is a header like any other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ForwardedHeadersTests(PostgresServer server)
{
    private const string Proxy = "10.77.0.1";

    [Theory]
    [InlineData(null, new[] { "127.0.0.0/8", "::1/128" })]
    [InlineData("10.0.0.5, 172.18.0.0/16", new[] { "10.0.0.5/32", "172.18.0.0/16" })]
    [InlineData("", new string[0])]
    public void TheSettingIsTheWholeListAndAnEmptyOneBelievesNobodyRatherThanEverybody(string? setting, string[] believed)
    {
        var options = new ForwardedHeadersOptions();

        new ProxySettings { KnownProxies = setting }.Apply(options);

        Assert.Empty(options.KnownProxies);
        Assert.Equal(believed, options.KnownIPNetworks.Select(n => n.ToString()));
        // The framework believes everyone when both lists are empty; with nothing to believe the headers are not read at all.
        Assert.Equal(believed.Length == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            options.ForwardedHeaders);
    }

    [Fact]
    public async Task FromAConfiguredProxyTheForwardedAddressIsThrottledAndAuditedAndFromAnyoneElseTheHeaderIsIgnored()
    {
        var app = await AccountsApp.GetAsync(server);
        await using var behindNginx = app.WithWebHostBuilder(b => b.UseSetting(ProxySettings.KnownProxiesKey, Proxy));
        var name = "forwarded-" + Guid.NewGuid().ToString("N")[..8];

        var viaProxy = behindNginx.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        viaProxy.DefaultRequestHeaders.Add(AppFactory.RemoteAddressHeader, Proxy);
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.23");
        // The same header from a client the app has not been told about (the shared app trusts loopback only).
        var direct = SignIn.NewClient(app, "10.78.0.9");
        direct.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.24");

        await SignIn.PostLoginAsync(viaProxy, name, "wrong-password-1");
        await SignIn.PostLoginAsync(direct, name, "wrong-password-2");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var counted = await db.SignInFailures.AsNoTracking().Where(f => f.Key.StartsWith("address:10.7") || f.Key.StartsWith("address:198.51.100.2"))
            .Select(f => f.Key).ToListAsync();
        Assert.Contains("address:198.51.100.23", counted);
        Assert.Contains("address:10.78.0.9", counted);
        Assert.DoesNotContain("address:" + Proxy, counted);
        Assert.DoesNotContain("address:198.51.100.24", counted);

        var audited = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == name && a.Action == AppSignInManager.SignInFailedAction).Select(a => a.After!).ToListAsync();
        Assert.Equal(2, audited.Count);
        Assert.Contains(audited, after => after.Contains("198.51.100.23"));
        Assert.Contains(audited, after => after.Contains("10.78.0.9") && !after.Contains("198.51.100.24"));
    }
}
