using System.Security.Claims;
using System.Text.Encodings.Web;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// Signs a request in as the user id in the <see cref="Header"/> header, so endpoint tests need no sign-in pages.
/// Register through WebApplicationFactory's ConfigureTestServices; it becomes the default scheme.
/// </summary>
public sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var userId = Request.Headers[Header].ToString();
        if (userId.Length == 0) return AuthenticateResult.NoResult();
        // Like a real sign-in, the principal names a live server-side session, which the app checks on every service call.
        // An id of no account gets no session (there is no row to point at), so the app treats it as signed out.
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], SchemeName);
        try
        {
            var session = await Context.RequestServices.GetRequiredService<UserSessions>().StartAsync(userId);
            identity.AddClaim(new Claim(UserSessions.ClaimType, session.ToString()));
        }
        catch (DbUpdateException)
        {
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    public static void AddTo(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestAuthentication>(SchemeName, null);
        services.PostConfigure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SchemeName;
            o.DefaultAuthenticateScheme = SchemeName;
            o.DefaultChallengeScheme = SchemeName;
            o.DefaultForbidScheme = SchemeName;
        });
    }
}
