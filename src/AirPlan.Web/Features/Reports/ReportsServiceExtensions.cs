using AirPlan.Web.Features.Plans.Import.Ledger;

namespace AirPlan.Web.Features.Reports;

public static class ReportsServiceExtensions
{
    /// <summary>季度进展台账 export and the Excel ledger import. 汇总 reads the dashboard's roll-ups (AddDashboard).</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QuarterlyReportQueries>();
        builder.Services.AddSingleton<QuarterlyReportService>();
        builder.Services.AddSingleton<LedgerImportService>();
        return builder;
    }
}
