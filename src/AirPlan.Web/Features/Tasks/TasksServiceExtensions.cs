using AirPlan.Web.Features.Tasks.Facts;
using AirPlan.Web.Features.Tasks.Work;

namespace AirPlan.Web.Features.Tasks;

public static class TasksServiceExtensions
{
    public static IHostApplicationBuilder AddTasks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkService>();
        builder.Services.AddSingleton<TaskEditService>();
        builder.Services.AddSingleton<TaskListQueries>();
        builder.Services.AddSingleton<AssignmentQueries>();
        builder.Services.AddSingleton<FactsWarmer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FactsWarmer>());
        return builder;
    }
}
