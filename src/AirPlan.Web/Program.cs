using AirPlan.Web.Data;
using AirPlan.Web.Data.Seeding;
using AirPlan.Web.Features.Admin;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Features.Plans;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Work;
using AirPlan.Web.Hosting;
using AirPlan.Web.Infrastructure.Postgres;
using AirPlan.Web.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddEmbeddedPostgresWhenUnconfigured();
builder.AddData();
builder.AddAccounts();
builder.AddSecurity();
builder.AddPlans();
builder.AddTasks();
builder.AddDashboard();
builder.AddEvidence();
builder.AddAdmin();
builder.AddWebUi();

var app = builder.Build();

app.UseWebUi();
app.MapEvidenceEndpoints();
app.MapWorkEndpoints();
app.MapDashboardEndpoints();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

app.Run();

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
