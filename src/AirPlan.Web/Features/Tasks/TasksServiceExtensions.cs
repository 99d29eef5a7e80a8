using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;

namespace AirPlan.Web.Features.Tasks;

public static class TasksServiceExtensions
{
    public static IHostApplicationBuilder AddTasks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StatusEngine>();
        builder.Services.AddSingleton<WorkService>();
        builder.Services.AddSingleton<ReportDraftService>();
        builder.Services.AddSingleton<TaskEditService>();
        builder.Services.AddSingleton<TaskListQueries>();
        builder.Services.AddSingleton<TaskPageQueries>();
        builder.Services.AddSingleton<AssignmentQueries>();
        builder.Services.AddSingleton<FactsWarmer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FactsWarmer>());
        return builder;
    }
}
