using AirPlan.Core.Domain;
using AirPlan.Web.Features.Dashboard.Calendar;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Security;

namespace AirPlan.Web.Features.Dashboard;

public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        // Read-only figures for scripts and the load test; same queries and visibility as the page.
        app.MapGet("/api/dashboard", GetFiguresAsync).RequireAuthorization().WithName("DashboardFigures");
        // Calendar apps cannot sign in: the secret token in the path is the credential.
        app.MapGet("/calendar/{token}.ics", GetCalendarAsync).AllowAnonymous().WithName("CalendarFeed");
        return app;
    }

    private static async Task<IResult> GetFiguresAsync(string? plan, string? asOf, HttpContext http, UserContextLoader users,
        RollupQueries rollups, DashboardCache cache, CancellationToken ct)
    {
        var actor = await users.LoadAsync(http.User, ct);
        if (asOf is not null && !DateOnly.TryParse(asOf, out _)) return Results.BadRequest("asOf 应为 yyyy-MM-dd");
        var scope = TaskFilterQuery.Parse(plan, null, null, null, null, null, null, null, null, asOf);
        // Today's all-plans view is reused for a few seconds (DashboardCache); a plan or a past date is counted fresh.
        var (response, _) = await cache.GetAsync("api", actor, scope, token => DashboardJson.BuildAsync(rollups, actor, scope, token), ct);
        return Results.Json(response);
    }

    private static async Task<IResult> GetCalendarAsync(string token, CalendarFeed feed, HttpContext http, CancellationToken ct)
    {
        var ics = await feed.FeedAsync(token, ct);
        if (ics is null) return Results.Text("日历链接无效或已重新生成", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        http.Response.Headers.CacheControl = "private, max-age=900";
        return Results.Text(ics, "text/calendar; charset=utf-8");
    }
}

/// <summary>The JSON shape of GET /api/dashboard: figures plus the /tasks link of each row.</summary>
public static class DashboardJson
{
    public sealed record Figures(int Assignments, int Tasks, int Completed, int InProgress, int Submitted, int NotStarted,
        int Continuous, int Overdue, int DueSoon, int ReportMissing, int Counted, int PercentDone, int WorstDaysOverdue, DateOnly? NextDue);

    /// <param name="Figures">责任分工: the row's own assignments.</param>
    /// <param name="Tasks">任务: the tasks the row holds an assignment on, each in its state as a whole task.</param>
    public sealed record Row(int Id, string Name, string? Detail, string Link, string Light, Figures Figures, TaskTotals Tasks);

    /// <summary>Task-level figures (tasks judged from their assignments) and the /tasks?view=tasks link of each.</summary>
    public sealed record TaskTotals(int Tasks, int Completed, int InProgress, int AwaitingReview, int NotStarted, int Continuous,
        int Overdue, int PercentDone, IReadOnlyDictionary<string, string> Links, int CompletedOnTime = 0, int CompletedLate = 0);

    public sealed record Response(DateOnly AsOf, bool FromHistory, string? Plan, Figures Totals, IReadOnlyList<Row> Plans,
        IReadOnlyList<Row> LeadDepartments, IReadOnlyList<Row> SupportingDepartments, IReadOnlyList<Row> Townships, int OverdueTotal,
        IReadOnlyList<TrendPoint> Trend, TaskTotals Tasks);

    public static async Task<Response> BuildAsync(RollupQueries rollups, UserContext actor, TaskFilter scope, CancellationToken ct)
    {
        // Independent roll-ups, each on its own DbContext (RollupQueries opens one per call): run them together.
        var totalsTask = rollups.TotalsAsync(actor, scope, ct);
        var plansTask = rollups.ByPlanAsync(actor, scope, ct);
        var leadTask = rollups.ByDepartmentAsync(actor, scope, AssignmentRole.Lead, ct);
        var supportingTask = rollups.ByDepartmentAsync(actor, scope, AssignmentRole.Supporting, ct);
        var townshipsTask = rollups.ByTownshipAsync(actor, scope, ct);
        var trendTask = rollups.TrendAsync(actor, scope, ct: ct);
        await Task.WhenAll(totalsTask, plansTask, leadTask, supportingTask, townshipsTask, trendTask);
        var (totals, plans, lead, supporting, townships, trend) =
            (totalsTask.Result, plansTask.Result, leadTask.Result, supportingTask.Result, townshipsTask.Result, trendTask.Result);
        return new Response(totals.AsOf, totals.FromHistory, scope.Plan, Map(totals.Figures), plans.Select(Map).ToList(),
            lead.Select(Map).ToList(), supporting.Select(Map).ToList(), townships.Select(Map).ToList(), totals.Figures.Overdue, trend,
            Map(totals));
    }

    private static TaskTotals Map(RollupTotals totals) => Map(totals.Tasks, totals.FilterFor);

    private static TaskTotals Map(TaskFigures t, Func<TaskFigure, TaskFilter> filterFor) =>
        new(t.Tasks, t.Completed, t.InProgress, t.AwaitingReview, t.NotStarted, t.Continuous, t.Overdue, t.PercentDone,
            Enum.GetValues<TaskFigure>().ToDictionary(f => f.ToString(), f => TaskFilterQuery.ToUrl(filterFor(f))), t.CompletedOnTime, t.CompletedLate);

    private static Row Map(RollupRow r) => new(r.Id, r.Name, r.Detail, TaskFilterQuery.ToUrl(r.Filter), r.Light.ToString(), Map(r.Figures),
        Map(r.Tasks, r.FilterFor));

    private static Figures Map(RollupFigures f) => new(f.Assignments, f.Tasks, f.Completed, f.InProgress, f.Submitted, f.NotStarted,
        f.Continuous, f.Overdue, f.DueSoon, f.ReportMissing, f.Counted, f.PercentDone, f.WorstDaysOverdue, f.NextDue);
}
