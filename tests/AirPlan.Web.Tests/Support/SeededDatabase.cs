using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// A database migrated and loaded the way the app starts (regions plus the five seed plans; a copy of
/// <see cref="SeedTemplates"/>), made once per run and shared by read-only tests.
/// </summary>
public sealed class SeededDatabase
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SeededDatabase? _instance;

    public string ConnectionString { get; }
    public IHost Host { get; }
    public IServiceProvider Services => Host.Services;

    private SeededDatabase(string connectionString, IHost host)
    {
        ConnectionString = connectionString;
        Host = host;
    }

    public static async Task<SeededDatabase> GetAsync(PostgresServer server)
    {
        await Gate.WaitAsync();
        try
        {
            if (_instance is not null) return _instance;
            var connectionString = await SeedTemplates.SeededCopyAsync(server, "seeded");
            var host = TestServices.Build(connectionString);
            return _instance = new SeededDatabase(connectionString, host);
        }
        finally
        {
            Gate.Release();
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public AppDbContext CreateDbContext() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
}
