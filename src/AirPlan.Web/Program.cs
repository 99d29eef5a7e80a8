using AirPlan.Web.Hosting;
using AirPlan.Web.Infrastructure.Postgres;
using AirPlan.Web.Seeding;

var builder = WebApplication.CreateBuilder(args);

builder.AddEmbeddedPostgresWhenUnconfigured();
builder.AddApplicationServices();
builder.AddWebUi();

var app = builder.Build();
if (!app.ConfigurationIsValid()) return 1;

app.UseWebUi();
app.MapApplicationEndpoints();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

app.Run();
return 0;

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
