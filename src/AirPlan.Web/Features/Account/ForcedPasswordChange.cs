using AirPlan.Web.Features.Admin.Accounts;

namespace AirPlan.Web.Features.Account;

/// <summary>
/// While the signed-in account still has a temporary password (the cookie carries <see cref="AppClaims.MustChangePassword"/>),
/// every page request goes to 修改密码; only that page, sign-out and static files stay reachable.
/// Interactive pages are covered too: their first request is a page request, and the circuit's hub is refused.
/// </summary>
public static class ForcedPasswordChange
{
    public const string ChangePasswordPath = "/account/change-password";

    private static readonly PathString[] Allowed =
        [ChangePasswordPath, "/account/logout", "/account/login", "/_framework", "/_content", "/not-found", "/Error"];

    public static IApplicationBuilder UseForcedPasswordChange(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.MustChangePasswordNow() && !IsAllowed(context.Request.Path))
        {
            var returnUrl = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(HttpMethods.IsGet(context.Request.Method) && returnUrl != "/"
                ? $"{ChangePasswordPath}?returnUrl={Uri.EscapeDataString(returnUrl)}"
                : ChangePasswordPath);
            return;
        }
        await next(context);
    });

    private static bool IsAllowed(PathString path) =>
        Allowed.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || Path.HasExtension(path.Value);
}
