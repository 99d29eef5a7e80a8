using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Plans.Import.Ledger;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AirPlan.Web.Features.Reports;

public static class ReportsServiceExtensions
{
    /// <summary>季度进展台账 export and the Excel ledger import.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        // 汇总 is the dashboard's roll-ups; hosts without the dashboard (the CLI) still need them.
        builder.Services.TryAddSingleton<RollupQueries>();
        builder.Services.AddSingleton<QuarterlyReportQueries>();
        builder.Services.AddSingleton<QuarterlyReportService>();
        builder.Services.AddSingleton<LedgerImportService>();
        return builder;
    }
}
