using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AirPlan.Web.Features.Notifications.Delivery;

/// <summary>E-mail through the configured SMTP server (MailKit), one connection per message: a few dozen a day at most.</summary>
public sealed class MailSender(IOptionsMonitor<MailOptions> options)
{
    public async Task SendAsync(string to, string subject, string text, CancellationToken ct)
    {
        var mail = options.CurrentValue;
        if (!mail.IsConfigured) throw new InvalidOperationException("未配置邮件服务器（AirPlan:Mail:Host）");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(mail.Host!, mail.Port, mail.UseSsl ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct);
        if (!string.IsNullOrEmpty(mail.UserName)) await client.AuthenticateAsync(mail.UserName, mail.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
