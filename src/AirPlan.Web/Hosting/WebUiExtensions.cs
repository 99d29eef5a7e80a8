using AirPlan.Web.Components;
using AirPlan.Web.Features.Account;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using MudBlazor.Services;

namespace AirPlan.Web.Hosting;

public static class WebUiExtensions
{
    public static IHostApplicationBuilder AddWebUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            // Pages hand their prerendered state to the circuit in the first message; a plan's task table outgrows
            // SignalR's 32 KB default and the circuit would be closed before it starts.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
        builder.Services.AddMudServices();
        builder.AddSecurityHeaders();
        // Chinese text goes out as characters, not &#x…; entities: pages stay readable and a third smaller.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseProxyHeaders();
        app.UseErrorIds();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseRequestLogScope();
        app.UseAuthorization();
        app.UseForcedPasswordChange();
        app.UseAntiforgery();
        // Styles and scripts are public: the sign-in page needs them before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        // Blazor's own frame-ancestors policy would be a second CSP header; ours (SecurityHeaders) already says frame-ancestors 'none'.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
