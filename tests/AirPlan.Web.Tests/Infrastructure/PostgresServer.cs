using System.Diagnostics;
using AirPlan.Web.Infrastructure.Postgres;
using Npgsql;

namespace AirPlan.Web.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run, handed out as one fresh database per test class.
/// </summary>
/// <remarks>
/// Shared as an xunit collection fixture (see <see cref="PostgresCollection"/>) rather than a static
/// singleton: xunit then disposes it deterministically when the run ends, so no cluster outlives
/// the test process. The cost is that classes in the "postgres" collection run one after another,
/// which on a 2-core machine loses little. Set AIRPLAN_TEST_PG to a connection string of an
/// existing server (needs CREATEDB) to skip starting a cluster; databases created there are
/// dropped afterwards.
/// A WebApplicationFactory must pass the connection string via
/// <c>builder.UseSetting("ConnectionStrings:AirPlan", cs)</c>; ConfigureAppConfiguration is applied
/// after Program.cs has already decided to start the embedded cluster.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ExistingServerVariable = "AIRPLAN_TEST_PG";

    private readonly List<string> _createdDatabases = [];
    private readonly HashSet<string> _templates = [];
    private EmbeddedPostgres? _embedded;
    private string? _serverConnectionString;

    /// <summary>Connection string to the server's "postgres" database.</summary>
    public string ServerConnectionString => _serverConnectionString ?? throw new InvalidOperationException("PostgresServer has not been initialized.");

    /// <summary>True when AIRPLAN_TEST_PG pointed at an existing server.</summary>
    public bool IsExternal => _embedded is null;

    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            _serverConnectionString = PostgresDatabaseAdmin.WithDatabase(existing, "postgres");
        }
        else
        {
            _embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { Throwaway = true, Database = null });
            _serverConnectionString = _embedded.ConnectionString;
        }

        StartupTime = stopwatch.Elapsed;
    }

    /// <summary>Creates a new, uniquely named, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = UniqueName(prefix);
        await PostgresDatabaseAdmin.CreateDatabaseIfMissingAsync(ServerConnectionString, name);
        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return ShortLivedIdle(PostgresDatabaseAdmin.WithDatabase(ServerConnectionString, name));
    }

    /// <summary>
    /// Creates a new, uniquely named copy of <paramref name="template"/> (see <see cref="MarkAsTemplateAsync"/>) and returns its
    /// connection string. PostgreSQL copies the files, which is much quicker than migrating and loading the same data again.
    /// </summary>
    public async Task<string> CreateDatabaseFromTemplateAsync(string template, string? prefix = null)
    {
        var name = UniqueName(prefix);
        await using (var connection = await PostgresDatabaseAdmin.OpenMaintenanceConnectionAsync(ServerConnectionString))
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(template)}", connection);
            await create.ExecuteNonQueryAsync();
        }
        lock (_createdDatabases)
        {
            _createdDatabases.Add(name);
        }

        return ShortLivedIdle(PostgresDatabaseAdmin.WithDatabase(ServerConnectionString, name));
    }

    /// <summary>
    /// Makes a database a template and refuses new connections to it: CREATE DATABASE … TEMPLATE fails while anyone is
    /// connected to the template, so whoever loaded it must have closed its connections (no pooling) before this.
    /// </summary>
    public async Task MarkAsTemplateAsync(string database)
    {
        await using var connection = await PostgresDatabaseAdmin.OpenMaintenanceConnectionAsync(ServerConnectionString);
        await using var alter = new NpgsqlCommand($"ALTER DATABASE {Quote(database)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false", connection);
        await alter.ExecuteNonQueryAsync();
        lock (_createdDatabases)
        {
            _templates.Add(database);
        }
    }

    public async Task DisposeAsync()
    {
        if (_embedded is not null)
        {
            // The whole cluster directory goes away; no need to drop databases one by one.
            await _embedded.DisposeAsync();
            return;
        }

        if (_serverConnectionString is null)
        {
            return;
        }

        foreach (var name in _createdDatabases)
        {
            if (_templates.Contains(name))
            {
                // A template cannot be dropped.
                await using var connection = await PostgresDatabaseAdmin.OpenMaintenanceConnectionAsync(_serverConnectionString);
                await using var alter = new NpgsqlCommand($"ALTER DATABASE {Quote(name)} WITH IS_TEMPLATE false", connection);
                await alter.ExecuteNonQueryAsync();
            }

            await PostgresDatabaseAdmin.DropDatabaseIfExistsAsync(_serverConnectionString, name);
        }
    }

    // Each test class gets its own database and so its own pool; idle connections of finished classes are closed
    // after seconds rather than Npgsql's default five minutes, so the run never holds hundreds of them.
    private static string ShortLivedIdle(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5 }.ConnectionString;

    // Names come from UniqueName or from a connection string this class made, so quoting is all they need.
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    // Prefix helps when inspecting a shared external server; the suffix keeps parallel runs apart.
    private static string UniqueName(string? prefix)
    {
        var cleaned = new string((prefix ?? "test").ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        if (cleaned.Length > 40)
        {
            cleaned = cleaned[..40];
        }

        return $"{cleaned}_{Guid.NewGuid():N}"[..Math.Min(63, cleaned.Length + 1 + 16)];
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
