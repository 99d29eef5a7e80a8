using AirPlan.Web.Infrastructure.Postgres;

namespace AirPlan.Cli.Tests.Support;

/// <summary>One throwaway PostgreSQL for the CLI tests that touch a database; each test makes its own database in it.</summary>
public sealed class CliPostgres : IAsyncLifetime
{
    public EmbeddedPostgres Server { get; private set; } = default!;

    public async Task InitializeAsync() => Server = await EmbeddedPostgres.StartThrowawayAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The environment that points airplan at a fresh database, as a user would with ConnectionStrings__AirPlan.</summary>
    public async Task<Dictionary<string, string>> FreshDatabaseEnvironmentAsync(string name) =>
        new() { ["ConnectionStrings__AirPlan"] = await Server.CreateDatabaseAsync($"{name}_{Guid.NewGuid():N}"[..30]) };
}

[CollectionDefinition(Name)]
public sealed class CliPostgresCollection : ICollectionFixture<CliPostgres>
{
    public const string Name = "cli-postgres";
}
