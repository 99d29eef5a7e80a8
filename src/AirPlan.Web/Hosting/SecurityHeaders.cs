using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AirPlan.Web.Hosting;

/// <summary>
/// Response headers and cookie settings that close off common browser attacks, in one place:
/// a Content-Security-Policy that Blazor Server and MudBlazor run under (checked by the browser tests: no violations), cookies named
/// <c>__Host-</c> and sent only over HTTPS outside Development, HSTS outside Development, and no <c>Server</c> header.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from this site (blazor.web.js, MudBlazor.min.js, module files; no inline script, so App.razor renders no
    /// import map); styles from this site plus inline ones, because MudBlazor writes style attributes and a theme &lt;style&gt;;
    /// the circuit's WebSocket is same-origin ('self' covers ws/wss of this host); nothing may frame the app.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string AuthCookie = "AirPlan.Auth";
    public const string AntiforgeryCookie = "AirPlan.Antiforgery";

    /// <summary>
    /// <c>__Host-</c> cookies must be Secure, so they can be used only where cookies are Secure: outside Development. Development
    /// runs on plain http://localhost, where a browser would drop them.
    /// </summary>
    public static string CookieName(IHostEnvironment environment, string name) =>
        environment.IsDevelopment() ? "." + name : "__Host-" + name;

    public static CookieSecurePolicy CookieSecurity(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        var environment = builder.Environment;
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CookieName(environment, AntiforgeryCookie);
            options.Cookie.SecurePolicy = CookieSecurity(environment);
            options.Cookie.Path = "/";
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false; // the app may share its domain with other offices' sites
        });
        return builder;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        await next(context);
    });
}
