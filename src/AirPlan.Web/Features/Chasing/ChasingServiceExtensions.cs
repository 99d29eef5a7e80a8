using AirPlan.Web.Features.Chasing.Job;
using AirPlan.Web.Features.Chasing.Settings;
using AirPlan.Web.Features.Chasing.Urging;

namespace AirPlan.Web.Features.Chasing;

public static class ChasingServiceExtensions
{
    /// <summary>催办: the daily chasing job and its schedule, per-plan thresholds, manual 催办, the dashboard's 已督办.</summary>
    public static IHostApplicationBuilder AddChasing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChasingOptions>()
            .Bind(builder.Configuration.GetSection(ChasingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ChasingJob>();
        builder.Services.AddSingleton<ChasingQueries>();
        builder.Services.AddSingleton<ChasingSettingsService>();
        builder.Services.AddSingleton<UrgeService>();
        if (builder.Configuration.GetValue($"{ChasingOptions.Section}:Enabled", true))
            builder.Services.AddHostedService<ChasingScheduler>();
        return builder;
    }
}
