using AirPlan.Web.Features.Dashboard.Calendar;
using AirPlan.Web.Features.Dashboard.Rollups;

namespace AirPlan.Web.Features.Dashboard;

public static class DashboardServiceExtensions
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<RollupQueries>();
        builder.Services.AddSingleton<DashboardCache>();
        builder.Services.AddSingleton<CalendarFeed>();
        return builder;
    }
}
