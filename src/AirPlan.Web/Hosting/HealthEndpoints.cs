using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Hosting;

/// <summary>
/// /healthz: the process answers (no check runs, so a database outage does not get the process restarted).
/// /readyz: the database is reachable, every migration is applied and the evidence store is writable; 503 otherwise.
/// Both answer without sign-in, for load balancers and supervisors.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        // The timeout caps the retrying strategy (about 15 s of retries): a probe must answer quickly, not wait out an outage.
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [Ready], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<EvidenceStoreCheck>("evidence-store", tags: [Ready], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }

    private sealed class DatabaseReadyCheck(IDbContextFactory<AppDbContext> dbFactory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("数据库无法连接");
                var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
                return pending.Count == 0 ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"数据库有 {pending.Count} 个迁移尚未执行");
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy("数据库无法连接", e);
            }
        }
    }

    /// <summary>Writes and deletes a small file in the store's tmp/ (where uploads are staged), as an upload would.</summary>
    private sealed class EvidenceStoreCheck(IFileStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (store is not DiskFileStore disk) return HealthCheckResult.Healthy();
            try
            {
                Directory.CreateDirectory(disk.TempDirectory);
                var probe = Path.Combine(disk.TempDirectory, $"readyz-{Guid.NewGuid():N}.part");
                await File.WriteAllBytesAsync(probe, [1], ct);
                File.Delete(probe);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return HealthCheckResult.Unhealthy("佐证材料存储目录不可写", e);
            }
        }
    }
}
