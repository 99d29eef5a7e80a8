namespace AirPlan.Web.Security;

public static class SecurityServiceExtensions
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegionTree>();
        builder.Services.AddSingleton<UserSessions>();
        builder.Services.AddSingleton<UserContextLoader>();
        builder.Services.AddScoped<CurrentUser>();
        return builder;
    }
}
