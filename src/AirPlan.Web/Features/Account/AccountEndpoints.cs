using AirPlan.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AirPlan.Web.Features.Account;

public static class AccountEndpoints
{
    /// <summary>POST /account/logout (form with antiforgery token): signs out this browser and shows the sign-in page.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<AppUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login?signedOut=1");
        }).AllowAnonymous();
        return endpoints;
    }
}
