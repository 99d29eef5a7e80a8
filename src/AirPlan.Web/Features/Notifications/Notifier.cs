using AirPlan.Web.Data;

namespace AirPlan.Web.Features.Notifications;

/// <summary>
/// The one way anything sends a message: rows added to the same context as the change that causes them, so a send-back and
/// its message commit together or not at all. Delivery beyond the 消息 page (e-mail, 企业微信/钉钉 robots) hangs off these rows.
/// </summary>
public static class Notifier
{
    /// <summary>One message per distinct recipient.</summary>
    public static IReadOnlyList<Notification> Notify(this AppDbContext db, IEnumerable<string> userIds, string kind, string title,
        string body, string? link, int? taskId, int? assignmentId, DateTimeOffset at)
    {
        var sent = userIds.Distinct().Select(id => new Notification(id, kind, title, body, link, taskId, assignmentId, at)).ToList();
        db.Notifications.AddRange(sent);
        return sent;
    }

    /// <summary>Where a message about an assignment takes its reader: the task page, at that unit's row.</summary>
    public static string AssignmentLink(string planKey, int taskId, int assignmentId) =>
        $"/plans/{Uri.EscapeDataString(planKey)}/tasks/{taskId}#a-{assignmentId}";
}
