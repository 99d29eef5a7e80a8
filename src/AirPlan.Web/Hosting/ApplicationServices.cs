using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Chasing;
using AirPlan.Web.Features.Dashboard;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Plans;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Seeding;

namespace AirPlan.Web.Hosting;

/// <summary>
/// Every feature area, one line each. The web app, the airplan command line and the tests all register exactly this list,
/// so a new feature is added once and no host runs with a different set of services.
/// </summary>
public static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddData();
        builder.AddClustering();
        builder.AddSecurity();
        builder.AddAccounts();
        builder.AddPlans();
        builder.AddTasks();
        builder.AddEvidence();
        builder.AddDashboard();
        builder.AddReports();
        builder.AddNotifications();
        builder.AddChasing();
        builder.AddAdmin();
        builder.AddSeeding();
        builder.AddHealth();
        builder.AddOperations();
        return builder;
    }

    /// <summary>The HTTP endpoints beside the pages: file downloads, work actions, report files, dashboard figures, calendars, health probes.</summary>
    public static WebApplication MapApplicationEndpoints(this WebApplication app)
    {
        app.MapEvidenceEndpoints();
        app.MapWorkEndpoints();
        app.MapReportEndpoints();
        app.MapDashboardEndpoints();
        app.MapChasingEndpoints();
        app.MapDiagnostics();
        app.MapHealth();
        return app;
    }
}
