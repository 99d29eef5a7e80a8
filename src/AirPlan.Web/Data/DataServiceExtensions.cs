using AirPlan.Web.Common;
using Microsoft.EntityFrameworkCore;

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
        builder.Services.AddDbContextFactory<AppDbContext>((services, options) =>
        {
            var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
                ?? throw new InvalidOperationException($"未配置数据库连接字符串 ConnectionStrings:{ConnectionStringName}");
            Configure(options, connectionString).AddInterceptors(services.GetRequiredService<TimestampInterceptor>());
        });
        return builder;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention();
}
