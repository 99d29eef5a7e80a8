using System.Net;

namespace AirPlan.Web.Hosting;

/// <summary>
/// GET /diagnostics/memory: the live managed heap after a full collection, for the circuit benchmark's memory per circuit (the
/// working set also counts GC headroom that grows and shrinks with load). Off unless AirPlan:Diagnostics:Memory is true, and
/// answers loopback callers only.
/// </summary>
public static class DiagnosticsEndpoints
{
    public static WebApplication MapDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue("AirPlan:Diagnostics:Memory", false)) return app;
        app.MapGet("/diagnostics/memory", (HttpContext http) =>
        {
            if (http.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip)) return Results.NotFound();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            return Results.Json(new { managedBytes = managed, workingSetBytes = Environment.WorkingSet });
        }).AllowAnonymous();
        return app;
    }
}
