using System.Diagnostics;
using AirPlan.Web.Infrastructure.Postgres;
using Npgsql;

namespace AirPlan.Web.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run, handed out as one fresh database per test class.
/// </summary>
/// <remarks>
/// Every collection fixture instance shares one cluster (see <see cref="Shared"/>): the test classes are spread over a few
/// xunit collections (<see cref="PostgresCollection"/>, <see cref="BrowserCollection"/>, …) that run side by side, because
/// most of a class's time is spent waiting on PostgreSQL, Kestrel or Chromium rather than on a core. The cluster is stopped
/// when the test process exits (a collection that finishes first must not stop it under the others). Set AIRPLAN_TEST_PG to
/// a connection string of an existing server (needs CREATEDB) to skip starting a cluster; databases created there are
/// dropped afterwards.
/// A WebApplicationFactory must pass the connection string via
/// <c>builder.UseSetting("ConnectionStrings:AirPlan", cs)</c>; ConfigureAppConfiguration is applied
/// after Program.cs has already decided to start the embedded cluster.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ExistingServerVariable = "AIRPLAN_TEST_PG";

    private static readonly Lazy<Task<Cluster>> Shared = new(Cluster.StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private Cluster? _cluster;

    private Cluster Server => _cluster ?? throw new InvalidOperationException("PostgresServer has not been initialized.");

    /// <summary>Connection string to the server's "postgres" database.</summary>
    public string ServerConnectionString => Server.ConnectionString;

    /// <summary>True when AIRPLAN_TEST_PG pointed at an existing server.</summary>
    public bool IsExternal => Server.Embedded is null;

    public TimeSpan StartupTime => Server.StartupTime;

    public async Task InitializeAsync() => _cluster = await Shared.Value;

    // The shared cluster outlives each collection; see Cluster.StopAtExit.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Creates a new, uniquely named, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = UniqueName(prefix);
        await PostgresDatabaseAdmin.CreateDatabaseIfMissingAsync(ServerConnectionString, name);
        Server.Created(name);

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
        Server.Created(name);

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
        Server.MadeTemplate(database);
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

    /// <summary>The one server of the test process and the databases made on it.</summary>
    private sealed class Cluster
    {
        private readonly List<string> _created = [];
        private readonly HashSet<string> _templates = [];

        private Cluster(EmbeddedPostgres? embedded, string connectionString, TimeSpan startupTime) =>
            (Embedded, ConnectionString, StartupTime) = (embedded, connectionString, startupTime);

        public EmbeddedPostgres? Embedded { get; }
        public string ConnectionString { get; }
        public TimeSpan StartupTime { get; }

        public static async Task<Cluster> StartAsync()
        {
            var stopwatch = Stopwatch.StartNew();
            var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
            var cluster = string.IsNullOrWhiteSpace(existing)
                ? await StartEmbeddedAsync(stopwatch)
                : new Cluster(null, PostgresDatabaseAdmin.WithDatabase(existing, "postgres"), stopwatch.Elapsed);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAtExit();
            return cluster;
        }

        private static async Task<Cluster> StartEmbeddedAsync(Stopwatch stopwatch)
        {
            var embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { Throwaway = true, Database = null });
            return new Cluster(embedded, embedded.ConnectionString, stopwatch.Elapsed);
        }

        public void Created(string name)
        {
            lock (_created) _created.Add(name);
        }

        public void MadeTemplate(string name)
        {
            lock (_created) _templates.Add(name);
        }

        // ProcessExit handlers must finish synchronously; stopping or dropping takes about a second.
        private void StopAtExit()
        {
            if (Embedded is not null)
            {
                // The whole cluster directory goes away; no need to drop databases one by one.
                Embedded.DisposeAsync().AsTask().GetAwaiter().GetResult();
                return;
            }

            DropCreatedAsync().GetAwaiter().GetResult();
        }

        private async Task DropCreatedAsync()
        {
            foreach (var name in _created)
            {
                if (_templates.Contains(name))
                {
                    // A template cannot be dropped.
                    await using var connection = await PostgresDatabaseAdmin.OpenMaintenanceConnectionAsync(ConnectionString);
                    await using var alter = new NpgsqlCommand($"ALTER DATABASE {Quote(name)} WITH IS_TEMPLATE false", connection);
                    await alter.ExecuteNonQueryAsync();
                }

                await PostgresDatabaseAdmin.DropDatabaseIfExistsAsync(ConnectionString, name);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}

/// <summary>The browser tests: each class drives its own app and Chromium, so they wait rather than compute.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "browser";
}

/// <summary>The long-running walk-throughs of the browser tests, split off so the two browser collections take about as long.</summary>
[CollectionDefinition(Name)]
public sealed class WalkThroughCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "walk-through";
}

/// <summary>Classes that start app instances, relays or processes of their own and mostly wait on them.</summary>
[CollectionDefinition(Name)]
public sealed class HostingCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "hosting";
}

/// <summary>Classes that start the app as separate processes and wait for them.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessesCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "processes";
}
