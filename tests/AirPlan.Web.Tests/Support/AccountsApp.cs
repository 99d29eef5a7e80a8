using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// A web app over its own database (regions and demo accounts, no plans) for tests that sign in, lock out, disable or
/// sign out everywhere; made once per run. Stamps are checked on every request, so ended sessions die at once.
/// Tests make their own accounts (<see cref="CreateUserAsync"/>) so they do not disturb each other.
/// </summary>
public static class AccountsApp
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AppFactory? _app;
    private static AppFactory? _slowStampApp;

    /// <summary>
    /// The clock sign-in throttling reads in these apps: the real one, except while a test holds it still (<see cref="HeldClock.Hold"/>)
    /// so that "rapid" attempts are rapid however slowly a loaded machine answers them.
    /// </summary>
    public static HeldClock ThrottleClock { get; } = new();

    public static async Task<AppFactory> GetAsync(PostgresServer server)
    {
        await Gate.WaitAsync();
        try
        {
            return _app ??= await CreateAsync(server, "accounts", stampSeconds: 0);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The same, but stamps are checked only once an hour (the production default is a minute): whatever ends a session here
    /// must do so through the server-side session, not by waiting for the stamp check.
    /// </summary>
    public static async Task<AppFactory> WithSlowStampCheckAsync(PostgresServer server)
    {
        await Gate.WaitAsync();
        try
        {
            return _slowStampApp ??= await CreateAsync(server, "sessions", stampSeconds: 3600);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<AppFactory> CreateAsync(PostgresServer server, string name, int stampSeconds)
    {
        var connectionString = await SeedTemplates.RegionsCopyAsync(server, name);
        // A seeds folder with the divisions only: regions load, no plans are imported.
        var seeds = Directory.CreateTempSubdirectory("airplan-seeds-").FullName;
        File.Copy(Path.Combine(RepoPaths.Seeds, SeedFiles.DivisionsFile), Path.Combine(seeds, SeedFiles.DivisionsFile));
        var app = new AppFactory(connectionString, "Development", new Dictionary<string, string?>
        {
            ["AirPlan:SeedsPath"] = seeds,
            [AccountsServiceExtensions.StampValidationSecondsKey] = stampSeconds.ToString(),
        }, services => services.AddSingleton(sp => new SignInThrottle(sp.GetRequiredService<IDbContextFactory<AppDbContext>>(), ThrottleClock)));
        _ = app.Server;
        return app;
    }

    /// <summary>A fresh account with a unique user name (prefix + counter) and the demo password.</summary>
    public static async Task<AppUser> CreateUserAsync(AppFactory app, string prefix, string role = AppRoles.Leader,
        bool mustChangePassword = false, bool disabled = false)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = $"{prefix}-{Guid.NewGuid():N}"[..24],
            DisplayName = "测试 " + prefix,
            MustChangePassword = mustChangePassword,
            IsDisabled = disabled,
        };
        var created = await users.CreateAsync(user, SignIn.DemoPassword);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("；", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public static Task<UserContext> ActorAsync(AppFactory app, string userId) =>
        app.Services.GetRequiredService<UserContextLoader>().LoadAsync(userId);
}
