using AirPlan.Web.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AirPlan.Web.Data;

public static class DataServiceExtensions
{
    public const string ConnectionStringName = "AirPlan";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>PostgreSQL through a context factory: Blazor circuits live long, so each operation gets its own context.</summary>
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OfficeClock>();
        builder.Services.AddSingleton<TimestampInterceptor>();
        builder.Services.AddSingleton<WorkChanges>();
        builder.Services.AddSingleton<WorkChangesInterceptor>();
        builder.Services.AddDbContextFactory<AppDbContext>((services, options) =>
        {
            var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"未配置数据库连接字符串 ConnectionStrings:{ConnectionStringName}");
            Configure(options, connectionString).AddInterceptors(services.GetRequiredService<TimestampInterceptor>(),
                services.GetRequiredService<WorkChangesInterceptor>());
            // Features that must add rows to the same save (the notification outbox) register a SaveChangesInterceptor;
            // Data knows none of them by name.
            options.AddInterceptors(services.GetServices<SaveChangesInterceptor>());
        });
        return builder;
    }

    /// <summary>
    /// Npgsql's retrying strategy rides out a restart or a dropped connection (transient errors are re-run a few times with
    /// growing pauses, about 15 s in all) before the action fails with a message that says nothing was saved
    /// (<see cref="Common.UserMessages"/>). Kept short on purpose: a person is waiting on the save, and trying again later is
    /// theirs to decide. Explicit transactions must be wrapped for it: see <see cref="Resilience"/>.
    /// </summary>
    public const int MaxRetryCount = 4;
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable)
                .EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, errorCodesToAdd: null))
            .UseSnakeCaseNamingConvention();
}
