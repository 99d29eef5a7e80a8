using AirPlan.Web.Features.Chasing.Bulletins;
using AirPlan.Web.Features.Chasing.Job;
using AirPlan.Web.Features.Chasing.Notices;
using AirPlan.Web.Features.Chasing.Settings;
using AirPlan.Web.Features.Chasing.Urging;

namespace AirPlan.Web.Features.Chasing;

public static class ChasingServiceExtensions
{
    /// <summary>
    /// 催办: the daily chasing job and its schedule, per-plan thresholds, manual 催办, the dashboard's 已督办; 督办单 and 通报,
    /// numbered notices to units and the periodic bulletins, both as Word documents.
    /// </summary>
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
        builder.Services.AddSingleton<NoticeService>();
        builder.Services.AddSingleton<BulletinService>();
        if (builder.Configuration.GetValue($"{ChasingOptions.Section}:Enabled", true))
            builder.Services.AddHostedService<ChasingScheduler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapChasingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapNoticeEndpoints();
        app.MapBulletinEndpoints();
        return app;
    }
}
