using AirPlan.Web.Common;
using AirPlan.Web.Security;
using Microsoft.Net.Http.Headers;

namespace AirPlan.Web.Features.Evidence;

public static class EvidenceEndpoints
{
    public static string UrlFor(int evidenceId) => $"/evidence/{evidenceId}";

    /// <summary>GET /evidence/{id}: the file itself, to signed-in users who may read the plan.</summary>
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/evidence/{id:int}", DownloadAsync).RequireAuthorization().WithName("DownloadEvidence");
        return app;
    }

    private static async Task<IResult> DownloadAsync(int id, HttpContext http, UserContextLoader users, EvidenceService evidence, CancellationToken ct)
    {
        var actor = await users.LoadAsync(http.User, ct);
        EvidenceDownload? file;
        try
        {
            file = await evidence.OpenForDownloadAsync(actor, id, ct);
        }
        catch (Exception e) when (UserMessages.Of(e) is { } message)
        {
            // A body keeps the status-code pages from replacing the reason with the not-found page.
            return Results.Text(message.Text, "text/plain; charset=utf-8", statusCode: message.StatusCode);
        }
        // The same words and status as a file the user may not see (EvidenceService), so ids cannot be probed.
        if (file is null) return Results.Text(EvidenceService.NotFoundMessage, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

        // Inline only for an image or PDF whose stored bytes still start as one; everything else is saved, never rendered.
        var inline = FileKind.IsInline(file.ContentType) && FileTypeSniffer.StartsAs(file.Content, file.ContentType);
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        // filename= gets an ASCII fallback, filename*=UTF-8'' the real (Chinese) name (RFC 5987/6266).
        disposition.SetHttpFileName(file.FileName);
        var headers = http.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-cache";
        return Results.File(file.Content, file.ContentType, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""),
            enableRangeProcessing: true);
    }
}
