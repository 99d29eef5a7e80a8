using AirPlan.Core.Domain;
using AirPlan.Web.Security;

namespace AirPlan.Web.Common;

/// <summary>How a message should look: a refusal, someone else's newer change, or input that breaks a rule.</summary>
public enum UserMessageKind
{
    Refused,
    Conflict,
    Invalid,
}

/// <summary>What the user is told about an exception, and the HTTP status that answers it.</summary>
public sealed record UserMessage(string Text, UserMessageKind Kind, int StatusCode);

/// <summary>
/// The exceptions AirPlan throws on purpose, turned into what people read: the one place that decides which exceptions
/// carry a message meant for users (in Chinese), how serious it is and which HTTP status answers it. Pages catch with
/// <c>when (UserMessages.Of(e) is { } message)</c>; anything else is a bug and is not shown.
/// </summary>
public static class UserMessages
{
    public static UserMessage? Of(Exception e) => e switch
    {
        AccessDeniedException => new(e.Message, UserMessageKind.Refused, StatusCodes.Status403Forbidden),
        ConcurrencyConflictException => new(e.Message, UserMessageKind.Conflict, StatusCodes.Status409Conflict),
        DomainException => new(e.Message, UserMessageKind.Invalid, StatusCodes.Status422UnprocessableEntity),
        _ => null,
    };

    /// <summary>The message as an RFC 7807 problem body for the HTTP endpoints.</summary>
    public static IResult Problem(string text, int status) =>
        Results.Json(new { title = text, status }, statusCode: status, contentType: "application/problem+json; charset=utf-8");

    public static IResult Problem(UserMessage message) => Problem(message.Text, message.StatusCode);
}
