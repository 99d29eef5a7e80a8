using Npgsql;

namespace AirPlan.Web.Infrastructure.Postgres;

/// <summary>Database-level chores shared by the embedded cluster and the test fixture.</summary>
public static class PostgresDatabaseAdmin
{
    private const string DuplicateDatabase = "42P04";
    private const string UniqueViolation = "23505";

    /// <summary>The same server and credentials, pointed at another database.</summary>
    public static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    /// <summary>Creates the database unless it exists; returns whether it was created.</summary>
    public static async Task<bool> CreateDatabaseIfMissingAsync(string connectionString, string database, CancellationToken cancellationToken = default)
    {
        ValidateName(database);
        await using var connection = await OpenMaintenanceConnectionAsync(connectionString, cancellationToken);

        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return false;
            }
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)} ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        // Two processes (web app and CLI) may race to create it; losing the race is fine.
        catch (PostgresException e) when (e.SqlState is DuplicateDatabase or UniqueViolation)
        {
            return false;
        }
    }

    public static async Task DropDatabaseIfExistsAsync(string connectionString, string database, CancellationToken cancellationToken = default)
    {
        ValidateName(database);
        await using var connection = await OpenMaintenanceConnectionAsync(connectionString, cancellationToken);
        // FORCE (PostgreSQL 13+) because pooled connections from the code under test may still be open.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Connects to the "postgres" maintenance database without pooling, so a stopped server leaves no stale pool behind.</summary>
    public static async Task<NpgsqlConnection> OpenMaintenanceConnectionAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Names end up in DDL and in connection strings; a conservative alphabet keeps both simple.
    private static void ValidateName(string database)
    {
        if (database.Length is 0 or > 63 || !database.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"数据库名只能包含字母、数字和下划线，且不超过 63 个字符 / Database names must be 1–63 ASCII letters, digits or underscores: '{database}'", nameof(database));
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
