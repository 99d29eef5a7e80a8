using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans.Import;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Seeding;

/// <summary>
/// Start-up: migrate, load regions, import the seed plans into an empty database; in Development add demo accounts and give the
/// seeds a 2025 of made-up work (<see cref="DemoHistory"/>).
/// </summary>
public sealed class DatabaseInitializer(IDbContextFactory<AppDbContext> dbFactory, SeedFiles seeds, NationalDivisions divisions,
    PlanImporter importer, IServiceProvider services, IHostEnvironment environment, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(bool importSeedPlans = true, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await SquashedMigrations.AdoptOldHistoryAsync(db.Database, ct))
                logger.LogInformation("数据库迁移记录已改为合并后的迁移 {Migration}", SquashedMigrations.Squashed);
            await db.Database.MigrateAsync(ct);
            // Every start, not only the first: a database from before the national list (Henan only) gains the other provinces,
            // and one that has them all pays a single count.
            if (divisions.Available) await divisions.LoadUpperLevelsAsync(db, ct);
            else logger.LogWarning("未找到 seeds 目录（含 {File}），行政区划与示范方案未载入；可设置 AirPlan:SeedsPath", SeedFiles.DivisionsFile);

            importSeedPlans &= !await db.Plans.AnyAsync(ct);
        }

        if (importSeedPlans)
            foreach (var file in seeds.PlanDocuments())
            {
                var result = await importer.ImportAsync(PlanImporter.KeyFromFileName(file), await File.ReadAllTextAsync(file, ct), ct);
                if (!result.Succeeded)
                    logger.LogError("示范方案 {File} 导入失败：{Errors}", Path.GetFileName(file), string.Join("；", result.Errors));
            }

        // Only right after the seeds are imported, so a developer's own work is never mixed with made-up work.
        if (importSeedPlans && environment.IsDevelopment())
        {
            var demo = services.GetRequiredService<DemoHistory>();
            if (demo.Enabled) await demo.WriteAsync(ct);
        }

        if (environment.IsDevelopment())
        {
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync(ct);
        }
    }
}
