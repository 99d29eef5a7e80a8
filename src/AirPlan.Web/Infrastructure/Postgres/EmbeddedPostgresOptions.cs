using Microsoft.Extensions.Logging;

namespace AirPlan.Web.Infrastructure.Postgres;

public sealed record EmbeddedPostgresOptions
{
    /// <summary>
    /// A throwaway cluster lives in a fresh temp directory, trades durability for speed and is
    /// deleted on dispose. Otherwise the cluster is persistent and reused across runs.
    /// </summary>
    public bool Throwaway { get; init; }

    /// <summary>Persistent clusters only; defaults to <see cref="EmbeddedPostgres.DefaultDataDirectory"/>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Created if missing; null creates nothing and points the connection string at "postgres".</summary>
    public string? Database { get; init; } = EmbeddedPostgres.DefaultDatabase;

    /// <summary>Where to look for initdb/pg_ctl; null means <see cref="PostgresBinaries.DefaultSearchDirectories"/>.</summary>
    public IReadOnlyList<string>? BinarySearchDirectories { get; init; }

    /// <summary>Upper bound for each step (initdb, start, stop).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public ILogger? Logger { get; init; }
}
