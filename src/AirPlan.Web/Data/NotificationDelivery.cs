namespace AirPlan.Web.Data;

/// <summary>Where a message goes besides the 消息 page.</summary>
public enum DeliveryChannel
{
    Email,
    /// <summary>企业微信群机器人</summary>
    WeCom,
    /// <summary>钉钉群机器人</summary>
    DingTalk,
}

/// <summary>
/// One message waiting to leave AirPlan (the outbox): an e-mail to one account, or one robot post per event and group. Added in
/// the same transaction as the <see cref="Notification"/> rows it carries, so a message the change committed is never lost
/// for want of a sender, and a sender that is down never holds up the change. The payload is final text: what is sent
/// is what the change said at the time, whatever is edited later.
/// </summary>
public class NotificationDelivery
{
    public long Id { get; private set; }
    /// <summary>The message carried; for a robot post, the first recipient's copy of the event.</summary>
    public long NotificationId { get; private set; }
    public Notification? Notification { get; private set; }
    public DeliveryChannel Channel { get; private set; }
    /// <summary>An e-mail address, or the robot's name (its URL holds a key and stays on <see cref="GroupRobot"/>).</summary>
    public string Target { get; private set; } = "";
    public int? RobotId { get; private set; }
    public GroupRobot? Robot { get; private set; }
    public string Subject { get; private set; } = "";
    /// <summary>The e-mail's text, or the robot's JSON body.</summary>
    public string Payload { get; private set; } = "";
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    /// <summary>Set once the attempts are used up: nothing tries again until an admin says 重新发送.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    private NotificationDelivery() { }

    public NotificationDelivery(Notification notification, DeliveryChannel channel, string target, int? robotId, string subject,
        string payload, DateTimeOffset at)
    {
        Notification = notification;
        Channel = channel;
        Target = target.Length <= TargetMaxLength ? target : target[..TargetMaxLength];
        RobotId = robotId;
        Subject = subject.Length <= SubjectMaxLength ? subject : subject[..(SubjectMaxLength - 1)] + "…";
        Payload = payload;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public const int TargetMaxLength = 320;
    public const int SubjectMaxLength = 300;
    public const int ErrorMaxLength = 1000;

    public bool IsPending => DeliveredAt is null && FailedAt is null;

    public void Delivered(DateTimeOffset at)
    {
        if (!IsPending) return;
        DeliveredAt = at;
        LastError = null;
    }

    /// <summary>
    /// A failed attempt (<see cref="Attempts"/> was counted when the row was claimed): try again after <paramref name="retryAfter"/>,
    /// or, with no attempts left, mark it failed for admins to see.
    /// </summary>
    public void AttemptFailed(string error, DateTimeOffset at, TimeSpan? retryAfter)
    {
        if (!IsPending) return;
        LastError = error.Length <= ErrorMaxLength ? error : error[..(ErrorMaxLength - 1)] + "…";
        if (retryAfter is { } delay) NextAttemptAt = at + delay;
        else FailedAt = at;
    }

    /// <summary>重新发送: a failed delivery gets a fresh set of attempts, starting now.</summary>
    public void Resend(DateTimeOffset at)
    {
        if (DeliveredAt is not null) return;
        FailedAt = null;
        Attempts = 0;
        NextAttemptAt = at;
    }
}
