using AirPlan.Web.Features.Plans.Import.Ledger;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AirPlan.Web.Features.Reports;

public static class ReportEndpoints
{
    public const string TemplateUrl = "/reports/ledger-template.xlsx";

    public static string QuarterlyUrl(string plan, string quarter, int? unitId = null, int? townshipId = null) =>
        QueryHelpers.AddQueryString("/reports/quarterly", new Dictionary<string, string?>
        {
            ["plan"] = plan,
            ["quarter"] = quarter,
            ["unit"] = unitId?.ToString(),
            ["township"] = townshipId?.ToString(),
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>GET /reports/quarterly (the 季度进展台账 as .xlsx) and GET /reports/ledger-template.xlsx; both need a sign-in.</summary>
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/quarterly", QuarterlyAsync).RequireAuthorization().WithName("QuarterlyReport");
        app.MapGet(TemplateUrl, Template).RequireAuthorization().WithName("LedgerTemplate");
        return app;
    }

    private static async Task<IResult> QuarterlyAsync(string? plan, string? quarter, int? unit, int? township, HttpContext http,
        UserContextLoader users, QuarterlyReportService reports, CancellationToken ct)
    {
        var actor = await users.LoadAsync(http.User, ct);
        if (string.IsNullOrWhiteSpace(plan) || string.IsNullOrWhiteSpace(quarter))
            return Problem("请指定方案（plan）和季度（quarter，如 2025Q3）", StatusCodes.Status400BadRequest);
        try
        {
            var file = await reports.ExportAsync(actor, new QuarterlyReportRequest(plan.Trim(), quarter, unit, township), ct: ct);
            return Attachment(http, file.Content, file.FileName);
        }
        catch (ReportRequestException e)
        {
            return Problem(e.Message, e.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
    }

    private static IResult Template(HttpContext http) => Attachment(http, LedgerTemplate.Build(), "任务台账导入模板.xlsx");

    private static IResult Attachment(HttpContext http, byte[] content, string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        // filename= gets an ASCII fallback, filename*=UTF-8'' the real (Chinese) name (RFC 6266).
        disposition.SetHttpFileName(fileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(content, QuarterlyReportService.ContentType);
    }

    // A body keeps the status-code pages from replacing the reason with a generic page.
    private static IResult Problem(string message, int status) => Results.Text(message, "text/plain; charset=utf-8", statusCode: status);
}
