using System.Net;
using System.Text.Json;
using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>
/// Two instances as two machines would run them: separate <c>dotnet AirPlan.Web.dll</c> processes in Production, each with
/// its own empty content root and home folder (where a file key ring would live), on two loopback ports over one database.
/// What one instance issues the other reads, and what one ends the other refuses at once; their JSON logs carry each
/// request's id and user. One test, both processes started side by side, because every start costs seconds.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class TwoProcessesTests(PostgresServer server)
{
    [Fact]
    public async Task ACookieFromOneProcessOpensPagesOnAnotherWithItsOwnEmptyFoldersUntilSignOutEndsItOnBothAtOnce()
    {
        var connectionString = await SeedTemplates.SeededCopyAsync(server, "processes");
        var userName = await CreateUserAsync(connectionString);
        var starting = new[] { AppProcess.StartAsync(connectionString), AppProcess.StartAsync(connectionString) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await (await started).DisposeAsync();
            throw;
        }
        await using var a = await starting[0];
        await using var b = await starting[1];
        Assert.NotEqual(a.Address.Port, b.Address.Port);
        await AppProcess.WithLogsOnFailureAsync([a, b], async () =>
        {
            // One browser, one jar, both instances (as behind one host name).
            var jar = new PlainHttpCookies();
            using var onA = new HttpClient(jar, disposeHandler: false) { BaseAddress = a.Address };
            using var onB = new HttpClient(jar, disposeHandler: false) { BaseAddress = b.Address };
            // As nginx on the same machine says it (loopback is a trusted proxy by default): the browser spoke https. Without
            // it, Production's Secure-only antiforgery cookie refuses to be issued at all.
            foreach (var client in new[] { onA, onB }) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

            var signIn = await SignIn.PostLoginAsync(onA, userName, SignIn.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Contains(jar.Snapshot().Keys, name => name == "__Host-AirPlan.Auth");

            var pageOnB = await onB.GetAsync("/account/change-password");
            Assert.Equal(HttpStatusCode.OK, pageOnB.StatusCode);

            // A thief's copy of the cookie, taken before sign-out on A; B refuses it on the very next request.
            var copied = jar.Snapshot();
            Assert.Equal(HttpStatusCode.Redirect, (await SignIn.LogoutAsync(onA)).StatusCode);
            jar.Replace(copied);
            var replayedOnB = await onB.GetAsync("/account/change-password");
            Assert.Equal(HttpStatusCode.Redirect, replayedOnB.StatusCode);
            Assert.Equal("/account/login", replayedOnB.Headers.Location!.AbsolutePath);

            // Neither instance wrote a key file: the key ring is in the database, so an empty folder is no obstacle. Started
            // side by side on an empty ring, each may make a first key; each finds the other's there when it meets it.
            foreach (var instance in new[] { a, b })
                Assert.Empty(Directory.EnumerateFiles(instance.Folder, "*.xml", SearchOption.AllDirectories));
            Assert.InRange(await CountKeysAsync(connectionString), 1L, 2L);

            // B's JSON log: every entry its pipeline wrote for the page carries the request id and the signed-in user's name.
            // (The replayed cookie's request was turned away before any endpoint ran, so it wrote no entry at this level.)
            var entries = (await EntriesForAsync(b, "/account/change-password", count: 1)).ToList();
            Assert.Equal(2, entries.Count); // Executing, Executed
            Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(Scope(e, "RequestId"))));
            Assert.All(entries, e => Assert.Equal(userName, Scope(e, "UserName")));
            Assert.Single(entries.Select(e => Scope(e, "RequestId")).Distinct());
            // The user's scope reads as text too, like the host's (RequestPath:… RequestId:…), not as a type name.
            Assert.All(entries, e => Assert.Contains(e.GetProperty("Scopes").EnumerateArray(),
                s => s.TryGetProperty("Message", out var text) && text.GetString() == $"UserName:{userName}"));
        });
    }

    /// <summary>An account with the demo password and no role (Production makes no demo accounts; the page needs none).</summary>
    private static async Task<string> CreateUserAsync(string connectionString)
    {
        using var host = TestServices.Build(connectionString);
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "two-processes", DisplayName = "测试 两个进程" };
        var created = await users.CreateAsync(user, SignIn.DemoPassword);
        Assert.True(created.Succeeded, string.Join("；", created.Errors.Select(e => e.Description)));
        return user.UserName;
    }

    private static async Task<long> CountKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The entries written inside the app's pipeline for requests to <paramref name="path"/>, once <paramref name="count"/>
    /// requests have finished (the console logger writes on its own thread). The host's "Request starting/finished" lines
    /// are written before authentication and are not among them.
    /// </summary>
    private static async Task<IEnumerable<JsonElement>> EntriesForAsync(AppProcess app, string path, int count)
    {
        bool Finished(string line) => line.Contains("\"Executed endpoint", StringComparison.Ordinal) && line.Contains(path, StringComparison.Ordinal);
        await app.WaitForLineAsync(l => app.Lines.Count(Finished) >= count);
        return app.Lines
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => Scope(e, "RequestPath") == path);
    }

    /// <summary>A field of the entry's scopes (JSON console: "Scopes" is an array of objects).</summary>
    private static string? Scope(JsonElement entry, string name) =>
        entry.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray()
                .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _))
                .Select(s => s.GetProperty(name).ToString())
                .FirstOrDefault()
            : null;
}
