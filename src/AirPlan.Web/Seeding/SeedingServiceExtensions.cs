using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Security;

namespace AirPlan.Web.Seeding;

/// <summary>
/// Start-up seeding: migrate, load divisions, import the seed plans, create the demo accounts. It lives outside Data because it
/// uses features (the plan importer, the accounts' roles) and Data must not depend on them.
/// </summary>
public static class SeedingServiceExtensions
{
    public static IHostApplicationBuilder AddSeeding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SeedFiles>();
        // The division list is a seed file, so it is registered here, where the seeds folder is known; imports and the admin use it.
        builder.Services.AddSingleton(services => new NationalDivisions(services.GetRequiredService<SeedFiles>().DivisionsPath,
            services.GetRequiredService<RegionTree>(), services.GetRequiredService<ILogger<NationalDivisions>>()));
        builder.Services.AddSingleton<DatabaseInitializer>();
        builder.Services.AddSingleton<DemoHistory>();
        // Scoped: it uses Identity's UserManager and RoleManager, which are scoped.
        builder.Services.AddScoped<DemoAccounts>();
        return builder;
    }
}
