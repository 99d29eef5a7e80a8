using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Data;

/// <summary>
/// Developers' databases were made by the four migrations that were squashed into one; start-up must take them as already
/// at the squashed schema instead of failing to create every table again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SquashedMigrationsTests(PostgresServer server)
{
    [Fact]
    public async Task StartUpAdoptsADatabaseMadeByTheOldMigrationsAndKeepsItsRows()
    {
        var connectionString = await server.CreateDatabaseAsync("squash_old");
        await using (var db = Context(connectionString))
        {
            // The squashed migration creates the schema the old four made (their pg_dump --schema-only is identical), so an
            // old database is this schema with the old ids in its history; later migrations are still to come for it.
            await db.GetInfrastructure().GetRequiredService<IMigrator>().MigrateAsync(SquashedMigrations.Squashed);
            db.Regions.Add(new Region("419999", "旧库测试区", RegionLevel.County, null));
            await db.SaveChangesAsync();
            await SetHistoryAsync(db, SquashedMigrations.Replaced);
        }

        using var host = TestServices.Build(connectionString);
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(importSeedPlans: false);

        await using (var db = Context(connectionString))
        {
            // Adopted as the squashed migration, then brought up to date by the migrations that came after it.
            Assert.Equal(db.Database.GetMigrations(), await HistoryAsync(db));
            Assert.Equal(SquashedMigrations.Squashed, (await HistoryAsync(db))[0]);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.True(await db.Regions.AnyAsync(r => r.Name == "旧库测试区"));
        }
    }

    [Fact]
    public async Task NewAndSquashedDatabasesAreLeftAlone()
    {
        var connectionString = await server.CreateDatabaseAsync("squash_new");
        await using var db = Context(connectionString);
        Assert.False(await SquashedMigrations.AdoptOldHistoryAsync(db.Database));

        await db.Database.MigrateAsync();
        Assert.False(await SquashedMigrations.AdoptOldHistoryAsync(db.Database));
        Assert.Equal(db.Database.GetMigrations(), await HistoryAsync(db));
        Assert.Equal(SquashedMigrations.Squashed, (await HistoryAsync(db))[0]);
    }

    [Fact]
    public async Task ADatabaseWithOnlySomeOldMigrationsIsRefusedWithAMessage()
    {
        var connectionString = await server.CreateDatabaseAsync("squash_part");
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        await SetHistoryAsync(db, SquashedMigrations.Replaced.Take(2));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SquashedMigrations.AdoptOldHistoryAsync(db.Database));
        Assert.Contains(SquashedMigrations.Replaced[^1], error.Message);
        Assert.Equal(SquashedMigrations.Replaced.Take(2), await HistoryAsync(db));
    }

    private static AppDbContext Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataServiceExtensions.Configure(options, connectionString);
        return new AppDbContext(options.Options);
    }

    private static async Task SetHistoryAsync(AppDbContext db, IEnumerable<string> migrationIds)
    {
        const string table = DataServiceExtensions.MigrationsHistoryTable;
        await db.Database.ExecuteSqlRawAsync("DELETE FROM " + table);
        foreach (var id in migrationIds)
            await db.Database.ExecuteSqlRawAsync("INSERT INTO " + table + " (migration_id, product_version) VALUES ({0}, '10.0.1')", id);
    }

    private static async Task<List<string>> HistoryAsync(AppDbContext db) =>
        (await db.Database.GetAppliedMigrationsAsync()).ToList();
}
