using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Seeding;
using Microsoft.EntityFrameworkCore;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// Databases loaded the way the app starts, each made once per run as a PostgreSQL template; a test class gets its own copy
/// (CREATE DATABASE … TEMPLATE). Copying the files takes a fraction of migrating and importing the five seed plans again,
/// and each copy is still a database of its own, so classes that write do not see each other's writes.
/// </summary>
public static class SeedTemplates
{
    // Keyed by the server, which every collection's fixture shares (PostgresServer), so each template is built once per run.
    private static readonly Dictionary<(string Server, string Key), Task<string>> Templates = new();

    /// <summary>The seeds' province (河南省 410000).</summary>
    public const string HenanPrefix = "41";

    /// <summary>
    /// A copy of the migrated database with the regions loaded and no plans: the national provinces, cities and counties as at
    /// first start, plus every Henan county's townships, which the app loads per county on demand but tests written against the
    /// seeds' province use freely.
    /// </summary>
    public static async Task<string> RegionsCopyAsync(PostgresServer server, string prefix) =>
        await server.CreateDatabaseFromTemplateAsync(await RegionsTemplateAsync(server), prefix);

    /// <summary>
    /// A copy with the regions and the five seed plans. Import stamps created_at from the clock and the status rules read it
    /// (an assignment counts from its creation), so there is one template per clock reading; null is the real clock.
    /// </summary>
    public static async Task<string> SeededCopyAsync(PostgresServer server, string prefix, TimeProvider? clock = null) =>
        await server.CreateDatabaseFromTemplateAsync(await SeededTemplateAsync(server, clock), prefix);

    private static Task<string> RegionsTemplateAsync(PostgresServer server) =>
        Template(server, "regions", async () =>
        {
            var connectionString = await server.CreateDatabaseAsync("template_regions");
            await LoadAsync(connectionString, null, importSeedPlans: false, henanTownships: true);
            return await MakeTemplateAsync(server, connectionString);
        });

    private static Task<string> SeededTemplateAsync(PostgresServer server, TimeProvider? clock) =>
        Template(server, clock is null ? "seeded@now" : $"seeded@{clock.GetUtcNow():O}", async () =>
        {
            // Built on the regions template, so the migrations and the division list are loaded once per run.
            var connectionString = await server.CreateDatabaseFromTemplateAsync(await RegionsTemplateAsync(server), "template_seeded");
            await LoadAsync(connectionString, clock, importSeedPlans: true);
            return await MakeTemplateAsync(server, connectionString);
        });

    private static Task<string> Template(PostgresServer server, string key, Func<Task<string>> build)
    {
        lock (Templates)
        {
            var id = (server.ServerConnectionString, key);
            if (!Templates.TryGetValue(id, out var template)) Templates[id] = template = build();
            return template;
        }
    }

    private static async Task LoadAsync(string connectionString, TimeProvider? clock, bool importSeedPlans, bool henanTownships = false)
    {
        // No pooling: a pool would keep idle connections to the template open, and PostgreSQL refuses to copy a database
        // anyone is connected to.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        using var host = TestServices.Build(unpooled, clock: clock);
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(importSeedPlans);
        if (henanTownships)
        {
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await host.Services.GetRequiredService<NationalDivisions>().LoadTownshipsOfProvinceAsync(db, HenanPrefix);
        }

        // The assignment facts are a per-date cache of the work tables, in unlogged tables. Copies start without any, as a
        // freshly imported database did: with no snapshot, FactSnapshots.EnsureAsync builds a copy's facts from its own work
        // tables when first asked. Whether CREATE DATABASE carries unlogged rows (PostgreSQL 15 does, but a crash would
        // empty them in the template) then does not matter.
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var truncate = new NpgsqlCommand("TRUNCATE assignment_facts, fact_snapshots", connection);
        await truncate.ExecuteNonQueryAsync();
    }

    private static async Task<string> MakeTemplateAsync(PostgresServer server, string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await server.MarkAsTemplateAsync(name);
        return name;
    }
}
