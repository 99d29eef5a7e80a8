using AirPlan.Web.Infrastructure.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit.Abstractions;

namespace AirPlan.Web.Tests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class SharedPostgresServerTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task ThrowawayServerAnswersQueries()
    {
        var connectionString = await server.CreateDatabaseAsync(nameof(ThrowawayServerAnswersQueries));

        var version = await QueryScalarAsync(connectionString, "select version()");

        Assert.StartsWith("PostgreSQL", version);
        output.WriteLine($"{version}; {server.ServerConnectionString}; started in {server.StartupTime.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task CreatedDatabasesAreDistinct()
    {
        var first = await server.CreateDatabaseAsync("distinct");
        var second = await server.CreateDatabaseAsync("distinct");
        await ExecuteAsync(first, "create table marker (id int)");

        Assert.NotEqual(first, second);
        Assert.NotEqual(await QueryScalarAsync(first, "select current_database()"), await QueryScalarAsync(second, "select current_database()"));
        Assert.Equal("1", await QueryScalarAsync(first, "select count(*) from pg_tables where tablename = 'marker'"));
        Assert.Equal("0", await QueryScalarAsync(second, "select count(*) from pg_tables where tablename = 'marker'"));
    }

    internal static async Task<string> QueryScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync()) ?? "";
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class EmbeddedPostgresTests : IDisposable
{
    // Under /tmp rather than a mode-700 temp subdirectory so the postgres OS user can enter it when we run as root.
    private readonly string _root = Path.Combine(Path.GetTempPath(), "airplan-test-" + Guid.NewGuid().ToString("N")[..12]);

    [RequiresPostgresBinariesFact]
    public async Task PersistentClusterStartedTwiceIsReusedAndStopsCleanly()
    {
        var dataDirectory = Path.Combine(_root, "pgdata");

        await using (var first = await EmbeddedPostgres.StartPersistentAsync(dataDirectory))
        {
            await using (var second = await EmbeddedPostgres.StartPersistentAsync(dataDirectory))
            {
                Assert.True(first.StartedByThisInstance);
                Assert.False(second.StartedByThisInstance);
                Assert.Equal(first.Port, second.Port);
                Assert.Equal(first.ConnectionString, second.ConnectionString);
                Assert.StartsWith($"Host=127.0.0.1;Port={first.Port};Username=postgres;Password=", second.ConnectionString);
            }

            // Disposing the instance that merely attached must leave the server running.
            Assert.Equal("airplan", await SharedPostgresServerTests.QueryScalarAsync(first.ConnectionString, "select current_database()"));
        }

        Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")));
        Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));
    }

    [RequiresPostgresBinariesFact]
    public async Task APersistentClusterRequiresItsGeneratedPasswordKeptInAFileOnlyItsOwnerReads()
    {
        var dataDirectory = Path.Combine(_root, "password");
        await using var cluster = await EmbeddedPostgres.StartPersistentAsync(dataDirectory);
        var passwordFile = Path.Combine(dataDirectory, EmbeddedPostgres.PasswordFileName);
        var withoutPassword = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Password = null }.ConnectionString;

        Assert.Equal("airplan", await SharedPostgresServerTests.QueryScalarAsync(cluster.ConnectionString, "select current_database()"));
        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => SharedPostgresServerTests.QueryScalarAsync(withoutPassword, "select 1"));
        Assert.Contains("password", refused.Message, StringComparison.OrdinalIgnoreCase);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        Assert.Equal("scram-sha-256", await SharedPostgresServerTests.QueryScalarAsync(cluster.ConnectionString,
            "select auth_method from pg_hba_file_rules where type = 'host' and address = '127.0.0.1' limit 1"));
    }

    [RequiresPostgresBinariesFact]
    public async Task AClusterFromAnEarlierVersionWithTrustAuthIsSwitchedToAPasswordOnStart()
    {
        var dataDirectory = Path.Combine(_root, "trust");
        await (await EmbeddedPostgres.StartPersistentAsync(dataDirectory)).DisposeAsync();
        // What earlier versions left: trust in pg_hba.conf and no password file.
        var hba = Path.Combine(dataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, (await File.ReadAllTextAsync(hba)).Replace("scram-sha-256", "trust"));
        File.Delete(Path.Combine(dataDirectory, EmbeddedPostgres.PasswordFileName));

        await using var upgraded = await EmbeddedPostgres.StartPersistentAsync(dataDirectory);

        Assert.True(File.Exists(Path.Combine(dataDirectory, EmbeddedPostgres.PasswordFileName)));
        Assert.DoesNotContain(" trust", await File.ReadAllTextAsync(hba));
        Assert.Equal("airplan", await SharedPostgresServerTests.QueryScalarAsync(upgraded.ConnectionString, "select current_database()"));
        var withoutPassword = new NpgsqlConnectionStringBuilder(upgraded.ConnectionString) { Password = null }.ConnectionString;
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => SharedPostgresServerTests.QueryScalarAsync(withoutPassword, "select 1"));
    }

    [RequiresPostgresBinariesFact]
    public async Task StalePostmasterPidFileDoesNotPreventStarting()
    {
        var dataDirectory = Path.Combine(_root, "stale");
        await (await EmbeddedPostgres.StartPersistentAsync(dataDirectory)).DisposeAsync();
        // What a crash or reboot leaves behind: a pid file naming a process that no longer exists.
        await File.WriteAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid"), ["4194000", dataDirectory, "0", "1"]);

        await using var restarted = await EmbeddedPostgres.StartPersistentAsync(dataDirectory);

        Assert.True(restarted.StartedByThisInstance);
        Assert.NotEqual(1, restarted.Port);
        Assert.Equal("airplan", await SharedPostgresServerTests.QueryScalarAsync(restarted.ConnectionString, "select current_database()"));
    }

    [RequiresPostgresBinariesFact]
    public async Task UnconfiguredHostGetsEmbeddedClusterThatStopsWithTheHost()
    {
        var dataDirectory = Path.Combine(_root, "hostdata");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[PostgresHostingExtensions.DataDirectoryKey] = dataDirectory;

        builder.AddEmbeddedPostgresWhenUnconfigured();
        var connectionString = builder.Configuration.GetConnectionString("AirPlan");
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.NotNull(connectionString);
            Assert.Equal("airplan", await SharedPostgresServerTests.QueryScalarAsync(connectionString, "select current_database()"));
            await host.StopAsync();
        }

        Assert.False(File.Exists(Path.Combine(dataDirectory, "postmaster.pid")));
    }

    [Fact]
    public void ConfiguredHostStartsNothing()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration[PostgresHostingExtensions.ConnectionStringKey] = "Host=db.example;Database=airplan";
        // Would fail loudly if it tried to start a cluster.
        builder.Configuration[PostgresHostingExtensions.DataDirectoryKey] = "/nonexistent/\0invalid";

        builder.AddEmbeddedPostgresWhenUnconfigured();

        Assert.Equal("Host=db.example;Database=airplan", builder.Configuration.GetConnectionString("AirPlan"));
        Assert.DoesNotContain(builder.Services, s => s.ServiceType == typeof(EmbeddedPostgres));
    }

    [Fact]
    public async Task MissingBinariesGiveInstructionsInChinese()
    {
        Directory.CreateDirectory(_root);
        var options = new EmbeddedPostgresOptions { Throwaway = true, BinarySearchDirectories = [_root] };

        var error = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() => EmbeddedPostgres.StartAsync(options));

        Assert.Contains("未找到 PostgreSQL 服务器程序（initdb、pg_ctl）", error.Message);
        Assert.Contains("sudo apt-get install postgresql", error.Message);
        Assert.Contains("ConnectionStrings__AirPlan", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
