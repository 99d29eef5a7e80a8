namespace AirPlan.Web.Features.Notifications;

/// <summary>Settings under <c>AirPlan:Notifications</c>: how messages leave AirPlan once a channel is configured.</summary>
public sealed class NotificationOptions
{
    public const string Section = "AirPlan:Notifications";
    public const string DispatchEnabledKey = Section + ":DispatchEnabled";

    /// <summary>
    /// The address people open AirPlan at (e.g. https://airplan.example.gov.cn): e-mails and robot posts link to the task
    /// with it. Empty: they carry the path only.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Whether this process sends the outbox (off for the command line and tests, which send it themselves).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>How often the sender looks for due deliveries written by other instances or jobs.</summary>
    public int PollSeconds { get; set; } = 10;

    /// <summary>Attempts before a delivery is marked failed and shown to admins (default 6, over about 8 hours).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The absolute link for a message's local path.</summary>
    public string LinkFor(string? path) =>
        path is null ? PublicUrl ?? "" : string.IsNullOrWhiteSpace(PublicUrl) ? path : PublicUrl.TrimEnd('/') + path;
}

/// <summary>Settings under <c>AirPlan:Mail</c>; e-mail is off while <see cref="Host"/> is empty.</summary>
public sealed class MailOptions
{
    public const string Section = "AirPlan:Mail";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>Sender, e.g. <c>AirPlan 台账 &lt;airplan@example.gov.cn&gt;</c>.</summary>
    public string? From { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it.</summary>
    public bool UseSsl { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
