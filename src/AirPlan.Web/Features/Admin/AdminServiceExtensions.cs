using AirPlan.Web.Features.Admin.Audit;
using AirPlan.Web.Features.Admin.Units;

namespace AirPlan.Web.Features.Admin;

public static class AdminServiceExtensions
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UnitAdminService>();
        builder.Services.AddSingleton<AuditQueries>();
        builder.Services.AddSingleton<AuditChainVerifier>();
        return builder;
    }
}
