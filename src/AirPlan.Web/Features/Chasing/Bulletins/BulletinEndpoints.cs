using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Security;
using Microsoft.Net.Http.Headers;

namespace AirPlan.Web.Features.Chasing.Bulletins;

public static class BulletinEndpoints
{
    public static string UrlFor(string? planKey, int? regionId, string period) =>
        planKey is not null
            ? $"/chasing/bulletins/document?plan={Uri.EscapeDataString(planKey)}&period={Uri.EscapeDataString(period)}"
            : $"/chasing/bulletins/document?region={regionId}&period={Uri.EscapeDataString(period)}";

    /// <summary>GET /chasing/bulletins/document?plan=…|region=…&amp;period=2025Q3|2025-10: the 通报 as .docx.</summary>
    public static IEndpointRouteBuilder MapBulletinEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chasing/bulletins/document", DownloadAsync).RequireAuthorization().WithName("DownloadBulletin");
        return app;
    }

    private static async Task<IResult> DownloadAsync(string? plan, int? region, string? period, HttpContext http, UserContextLoader users,
        BulletinService bulletins, CancellationToken ct)
    {
        if (BulletinPeriod.TryParse(period) is not { } p)
            return Results.Text("通报期间应为月份（如 2025-10）或季度（如 2025Q3）", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        var actor = await users.LoadAsync(http.User, ct);
        BulletinData data;
        try
        {
            data = await bulletins.BuildAsync(actor, new BulletinScope(plan, region, p), ct);
        }
        catch (Exception e) when (UserMessages.Of(e) is { } message)
        {
            return Results.Text(message.Text, "text/plain; charset=utf-8", statusCode: message.StatusCode);
        }
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"{data.Title}.docx");
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-cache";
        return Results.File(BulletinDocument.Write(data), FileKind.Docx.ContentType);
    }
}
