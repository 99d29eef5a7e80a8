using System.Security.Claims;
using AirPlan.Web.Data;
using AirPlan.Web.Hosting;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace AirPlan.Web.Features.Admin.Accounts;

public static class AccountsServiceExtensions
{
    /// <summary>
    /// How often a signed-in session re-checks its security stamp (seconds), which refreshes its roles and name. Ending
    /// sessions does not wait for it: the session row is checked on every request (<see cref="UserSessions"/>).
    /// </summary>
    public const string StampValidationSecondsKey = "AirPlan:Security:StampValidationSeconds";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = SecurityHeaders.CookieName(builder.Environment, SecurityHeaders.AuthCookie);
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = SecurityHeaders.CookieSecurity(builder.Environment);
            options.Cookie.Path = "/";
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/denied";
            options.ReturnUrlParameter = "returnUrl";
            // A script calling /api/… cannot follow a redirect to the sign-in page: it gets the status instead.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // The cookie's session row is checked on every request, before the (interval-limited) stamp check: revoking a
            // session (退出登录, 退出所有设备, password change, 停用, 重置密码) must refuse a copied cookie at once.
            options.Events.OnValidatePrincipal = async context =>
            {
                var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
                if (!await sessions.IsActiveAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
        var stampInterval = StampValidationInterval(builder.Configuration);
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = stampInterval;
            // The stamp check rebuilds the principal from the database; the session id is not in the database's claims, so
            // carry it over, or the refreshed cookie would lose its session and be refused on the next request.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(UserSessions.ClaimType) is { } session
                    && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == UserSessions.ClaimType))
                    identity.AddClaim(new Claim(UserSessions.ClaimType, session.Value));
                return Task.CompletedTask;
            };
        });

        // Everything needs a signed-in user unless a page says [AllowAnonymous].
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        services.AddIdentityCore<AppUser>(options =>
            {
                // No composition rules: PasswordRules (length in characters, the common-password list, no reuse) is the policy.
                options.Password.RequiredLength = 1;
                options.Password.RequiredUniqueChars = 1;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // No hard lock-out: anyone who knows a user name could lock its owner out. Failed sign-ins slow down instead
                // (SignInThrottle), per name and per address.
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserStore<AppUserStore>()
            .AddPasswordValidator<PasswordRules>()
            .AddSignInManager<AppSignInManager>()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        // Open circuits re-check their session and stamp too, so a signed-out or disabled user's page goes to sign-in.
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<AccountAdminService>();
        services.AddSingleton<SignInThrottle>();
        return builder;
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = apiStatus;
            // A bare status, not the not-found page re-executed for it (which would answer a JSON post as a broken form).
            if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        }
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static TimeSpan StampValidationInterval(IConfiguration configuration) =>
        TimeSpan.FromSeconds(configuration.GetValue<double?>(StampValidationSecondsKey) ?? 60);
}
