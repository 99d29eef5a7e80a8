namespace AirPlan.Web.Features.Reports;

public static class ReportsServiceExtensions
{
    /// <summary>季度进展台账 export. 汇总 reads the dashboard's roll-ups (AddDashboard).</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QuarterlyReportQueries>();
        builder.Services.AddSingleton<QuarterlyReportService>();
        return builder;
    }
}
