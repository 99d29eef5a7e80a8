using System.Text.Json;
using AirPlan.Core.Formatting;
using AirPlan.Web.Data;

namespace AirPlan.Web.Features.Notifications.Delivery;

/// <summary>What a message looks like outside the 消息 page: an e-mail's subject and text, each robot's JSON body.</summary>
public static class DeliveryMessages
{
    public const string Footer = "此消息由 AirPlan 空气质量改善任务台账自动发送，请勿直接回复。";

    public static (string Subject, string Text) Email(Notification n, NotificationOptions options)
    {
        var subject = $"【{NotificationKinds.Title(n.Kind)}】{n.Title}";
        var link = n.Link is null ? null : options.LinkFor(n.Link);
        var text = $"{n.Title}\n\n{n.Body}\n\n" + (link is null ? "" : $"查看任务：{link}\n\n") +
                   $"发送时间：{ChineseDate.Format(n.CreatedAt)}\n\n{Footer}\n";
        return (subject, text);
    }

    /// <summary>
    /// 企业微信: <c>{"msgtype":"markdown","markdown":{"content":…}}</c>; 钉钉: <c>{"msgtype":"markdown","markdown":{"title":…,"text":…}}</c>
    /// (钉钉 shows the title in the chat list and the text in the group).
    /// </summary>
    public static (string Subject, string Json) Robot(DeliveryChannel kind, Notification n, NotificationOptions options)
    {
        var subject = $"【{NotificationKinds.Title(n.Kind)}】{n.Title}";
        var markdown = $"### {subject}\n\n{Quote(n.Body)}\n\n" +
                       (n.Link is null ? "" : $"[查看任务]({options.LinkFor(n.Link)})\n\n") +
                       $"{ChineseDate.Format(n.CreatedAt)} · AirPlan";
        object body = kind switch
        {
            DeliveryChannel.WeCom => new { msgtype = "markdown", markdown = new { content = markdown } },
            DeliveryChannel.DingTalk => new { msgtype = "markdown", markdown = new { title = subject, text = markdown } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "不是群机器人"),
        };
        return (subject, JsonSerializer.Serialize(body, Json));
    }

    // Each line of the body as a quote: a reason typed on several lines stays one block in the chat.
    private static string Quote(string text) => string.Join("\n", text.Split('\n').Select(line => "> " + line.TrimEnd('\r')));

    // Chinese as characters, not \u escapes: both robots accept UTF-8, and the admin page shows the payload as sent.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
