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
        builder.Services.AddSingleton<DatabaseInitializer>();
        builder.Services.AddSingleton<DemoHistory>();
        // Scoped: it uses Identity's UserManager and RoleManager, which are scoped.
        builder.Services.AddScoped<DemoAccounts>();
        return builder;
    }
}
