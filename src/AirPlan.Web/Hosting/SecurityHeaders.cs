namespace AirPlan.Web.Hosting;

/// <summary>
/// Response headers that close off common browser attacks. No Content-Security-Policy yet: Blazor Server and MudBlazor need
/// inline styles and a WebSocket, and a policy must be verified in a browser before it is switched on.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        await next(context);
    });
}
