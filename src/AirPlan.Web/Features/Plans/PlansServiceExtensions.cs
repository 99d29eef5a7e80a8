using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Plans.Import.Ledger;
using AirPlan.Web.Features.Plans.Import.Review;
using AirPlan.Web.Features.Plans.Revision;

namespace AirPlan.Web.Features.Plans;

public static class PlansServiceExtensions
{
    public static IHostApplicationBuilder AddPlans(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PlanImporter>();
        builder.Services.AddSingleton<LedgerImportService>();
        builder.Services.AddSingleton<PlanImportReviewService>();
        builder.Services.AddSingleton<PlanRevisionService>();
        builder.Services.AddSingleton<PlanQueries>();
        return builder;
    }
}
