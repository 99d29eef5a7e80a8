using AirPlan.Web.Infrastructure.Postgres;

namespace AirPlan.Web.Tests.Infrastructure;

/// <summary>
/// For tests that start their own cluster. Someone who points AIRPLAN_TEST_PG at a server because
/// they have no local PostgreSQL installation sees these skipped; everyone else runs them, and a
/// missing installation then fails loudly instead of being skipped silently.
/// </summary>
public sealed class RequiresPostgresBinariesFactAttribute : FactAttribute
{
    public RequiresPostgresBinariesFactAttribute()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ExistingServerVariable))
            && !PostgresBinaries.TryLocate(PostgresBinaries.DefaultSearchDirectories(), out _))
        {
            Skip = "AIRPLAN_TEST_PG is set and no local PostgreSQL binaries were found.";
        }
    }
}
