using AirPlan.Core.Domain;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AirPlan.Web.Common;

/// <summary>How a message should look: a refusal, someone else's newer change, or input that breaks a rule.</summary>
public enum UserMessageKind
{
    Refused,
    Conflict,
    Invalid,
    /// <summary>The database could not be reached; nothing was saved and the same action can simply be tried again.</summary>
    Unavailable,
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
        NotFoundException => new(e.Message, UserMessageKind.Refused, StatusCodes.Status404NotFound),
        ConcurrencyConflictException => new(e.Message, UserMessageKind.Conflict, StatusCodes.Status409Conflict),
        DomainException => new(e.Message, UserMessageKind.Invalid, StatusCodes.Status422UnprocessableEntity),
        _ when IsDatabaseOutage(e) => new(DatabaseUnavailable, UserMessageKind.Unavailable, StatusCodes.Status503ServiceUnavailable),
        _ => null,
    };

    public const string DatabaseUnavailable = "数据库暂时无法连接，本次操作未保存，请稍后重试（已填写的内容仍保留）";

    /// <summary>
    /// The retrying execution strategy gave up (RetryLimitExceededException), or a transient connection failure surfaced
    /// outside it (opening a connection, a wrapped DbUpdateException). Every write runs in one transaction, so nothing was
    /// half-written and repeating the action is safe.
    /// </summary>
    private static bool IsDatabaseOutage(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is RetryLimitExceededException or NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }

    /// <summary>The message as an RFC 7807 problem body for the HTTP endpoints.</summary>
    public static IResult Problem(string text, int status) =>
        Results.Json(new { title = text, status }, statusCode: status, contentType: "application/problem+json; charset=utf-8");

    public static IResult Problem(UserMessage message) => Problem(message.Text, message.StatusCode);
}
