using AirPlan.Web.Data;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AirPlan.Web.Tests.Infrastructure;

/// <summary>Test classes get copies of one seeded template database; the copies must behave like freshly loaded databases.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SeedTemplateTests(PostgresServer server)
{
    // The clock WorkDatabase uses, so the template is the one the run builds anyway.
    private static TestClock Clock => TestClock.At(2025, 10, 8);

    private static readonly UserContext Admin = new("admin", "admin", "管理员", new HashSet<string> { AppRoles.Admin },
        new HashSet<int>(), new HashSet<int>());

    [Fact]
    public async Task CopiesOfTheSeededTemplateDoNotSeeEachOthersWrites()
    {
        var first = await SeedTemplates.SeededCopyAsync(server, "copy_a", Clock);
        var second = await SeedTemplates.SeededCopyAsync(server, "copy_b", Clock);

        await ScalarAsync(first, "UPDATE plans SET title = '改过的标题' WHERE key = 'mengjin-2024' RETURNING title");

        Assert.Equal("改过的标题", await ScalarAsync(first, "SELECT title FROM plans WHERE key = 'mengjin-2024'"));
        Assert.NotEqual("改过的标题", await ScalarAsync(second, "SELECT title FROM plans WHERE key = 'mengjin-2024'"));
    }

    [Fact]
    public async Task ACopyStartsWithoutFactsAndBuildsThemFromItsOwnWorkTables()
    {
        var copy = await SeedTemplates.SeededCopyAsync(server, "copy_facts", Clock);
        using var host = TestServices.Build(copy, clock: Clock);
        var snapshotsBefore = await ScalarAsync(copy, "SELECT count(*) FROM fact_snapshots");

        await host.Services.GetRequiredService<RollupQueries>().TotalsAsync(Admin, new TaskFilter());

        Assert.Equal(0L, snapshotsBefore);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        Assert.Equal(await db.Plans.CountAsync(), Convert.ToInt32(await ScalarAsync(copy, "SELECT count(*) FROM fact_snapshots")));
        Assert.Equal(await db.Assignments.CountAsync(), Convert.ToInt32(await ScalarAsync(copy, "SELECT count(*) FROM assignment_facts")));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
