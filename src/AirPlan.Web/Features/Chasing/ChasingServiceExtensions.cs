using AirPlan.Web.Features.Chasing.Bulletins;
using AirPlan.Web.Features.Chasing.Notices;

namespace AirPlan.Web.Features.Chasing;

public static class ChasingServiceExtensions
{
    /// <summary>督办单 and 通报: numbered notices to units and the periodic bulletins, both as Word documents.</summary>
    public static IHostApplicationBuilder AddChasing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NoticeService>();
        builder.Services.AddSingleton<BulletinService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapChasingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapNoticeEndpoints();
        app.MapBulletinEndpoints();
        return app;
    }
}
