using AirPlan.Web.Common;
using AirPlan.Core.Domain;
using AirPlan.Web.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>
/// The work actions over plain HTTP (for scripts and integrations), guarded exactly like the pages: cookie sign-in,
/// an antiforgery token in the RequestVerificationToken header, and the services' own authorisation.
/// </summary>
public static class WorkEndpoints
{
    public sealed record ActionRequest(uint Version, string? Reason);

    public static IEndpointRouteBuilder MapWorkEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assignments/{id:int}").RequireAuthorization();
        group.MapPost("/submit", (int id, ActionRequest body, HttpContext http, WorkService work, UserContextLoader users) =>
            RunAsync(http, users, actor => work.SubmitAsync(actor, id, body.Version)));
        group.MapPost("/verify", (int id, ActionRequest body, HttpContext http, WorkService work, UserContextLoader users) =>
            RunAsync(http, users, actor => work.VerifyAsync(actor, id, body.Version)));
        group.MapPost("/send-back", (int id, ActionRequest body, HttpContext http, WorkService work, UserContextLoader users) =>
            RunAsync(http, users, actor => work.SendBackAsync(actor, id, body.Version, body.Reason ?? "")));
        group.MapPost("/continuous", (int id, ActionRequest body, HttpContext http, WorkService work, UserContextLoader users) =>
            RunAsync(http, users, actor => work.MarkContinuousAsync(actor, id, body.Version)));
        return app;
    }

    private static async Task<IResult> RunAsync(HttpContext http, UserContextLoader users, Func<UserContext, Task> action)
    {
        // The antiforgery middleware checks form posts only; a JSON post with the sign-in cookie must prove it came from our pages too.
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return UserMessages.Problem("请求缺少有效的防伪令牌（RequestVerificationToken），已拒绝", StatusCodes.Status400BadRequest);
        }

        try
        {
            await action(await users.LoadAsync(http.User, http.RequestAborted));
            return Results.NoContent();
        }
        catch (Exception e) when (UserMessages.Of(e) is { } message)
        {
            return UserMessages.Problem(message);
        }
    }
}
