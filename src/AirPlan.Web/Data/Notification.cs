namespace AirPlan.Web.Data;

/// <summary>
/// A message to one account (消息): a send-back, a verification, a reminder, a 催办, a 督办单. Written in the same context as
/// the change that causes it (see <c>Features/Notifications/Notifier</c>), so both commit or neither does.
/// </summary>
public class Notification
{
    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>A local address to open, e.g. /plans/mengjin-2024/tasks/12#a-345.</summary>
    public string? Link { get; private set; }
    public int? TaskId { get; private set; }
    public int? AssignmentId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    private Notification() { }

    public Notification(string userId, string kind, string title, string body, string? link, int? taskId, int? assignmentId,
        DateTimeOffset createdAt)
    {
        UserId = userId;
        Kind = kind;
        Title = Truncate(title, TitleMaxLength);
        Body = Truncate(body, BodyMaxLength);
        Link = link;
        TaskId = taskId;
        AssignmentId = assignmentId;
        CreatedAt = createdAt;
    }

    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 2000;

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;

    // A message built from user text (a 催办 note, a send-back reason) must never fail the action that sends it.
    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
