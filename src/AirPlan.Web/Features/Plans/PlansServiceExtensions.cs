using AirPlan.Web.Data.Seeding;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Plans.Import.Ledger;

namespace AirPlan.Web.Features.Plans;

public static class PlansServiceExtensions
{
    public static IHostApplicationBuilder AddPlans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SeedFiles>();
        builder.Services.AddSingleton<PlanImporter>();
        builder.Services.AddSingleton<LedgerImportService>();
        builder.Services.AddSingleton<PlanQueries>();
        builder.Services.AddSingleton<DatabaseInitializer>();
        return builder;
    }
}
