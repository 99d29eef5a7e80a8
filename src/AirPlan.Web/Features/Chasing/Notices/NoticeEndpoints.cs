using AirPlan.Web.Common;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Security;
using Microsoft.Net.Http.Headers;

namespace AirPlan.Web.Features.Chasing.Notices;

public static class NoticeEndpoints
{
    public static string PageFor(int noticeId) => $"/chasing/notices/{noticeId}";
    public static string DocumentFor(int noticeId) => $"/chasing/notices/{noticeId}/document";
    public static string ReplyFileFor(int fileId) => $"/chasing/notices/files/{fileId}";

    /// <summary>The issued .docx and a reply's files, to those who may read the notice (404 for everyone else).</summary>
    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chasing/notices/{id:int}/document", DocumentAsync).RequireAuthorization().WithName("DownloadNotice");
        app.MapGet("/chasing/notices/files/{id:int}", ReplyFileAsync).RequireAuthorization().WithName("DownloadNoticeReplyFile");
        return app;
    }

    private static async Task<IResult> DocumentAsync(int id, HttpContext http, UserContextLoader users, NoticeService notices, CancellationToken ct)
    {
        var actor = await users.LoadAsync(http.User, ct);
        try
        {
            return Send(http, await notices.OpenDocumentAsync(actor, id, ct), inline: false);
        }
        catch (Exception e) when (UserMessages.Of(e) is { } message)
        {
            return Results.Text(message.Text, "text/plain; charset=utf-8", statusCode: message.StatusCode);
        }
    }

    private static async Task<IResult> ReplyFileAsync(int id, HttpContext http, UserContextLoader users, NoticeService notices, CancellationToken ct)
    {
        var actor = await users.LoadAsync(http.User, ct);
        try
        {
            var file = await notices.OpenReplyFileAsync(actor, id, ct);
            if (file is null) return Results.Text(NoticeService.FileNotFoundMessage, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            // As for evidence: inline only for an image or PDF whose bytes start as one.
            return Send(http, file, FileKind.IsInline(file.ContentType) && FileTypeSniffer.StartsAs(file.Content, file.ContentType));
        }
        catch (Exception e) when (UserMessages.Of(e) is { } message)
        {
            return Results.Text(message.Text, "text/plain; charset=utf-8", statusCode: message.StatusCode);
        }
    }

    private static IResult Send(HttpContext http, NoticeFile file, bool inline)
    {
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        var headers = http.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-cache";
        return Results.File(file.Content, file.ContentType);
    }
}
