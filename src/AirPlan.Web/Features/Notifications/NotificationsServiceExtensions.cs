using AirPlan.Web.Features.Notifications.Delivery;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MimeKit;

namespace AirPlan.Web.Features.Notifications;

public static class NotificationsServiceExtensions
{
    /// <summary>消息: the bell, the 消息 page and the delivery channels (e-mail, group robots).</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out _),
                "AirPlan:Notifications:PublicUrl 须是完整地址（如 https://airplan.example.gov.cn）")
            .Validate(o => o.MaxAttempts is >= 1 and <= 20, "AirPlan:Notifications:MaxAttempts 须在 1 到 20 之间")
            .Validate(o => o.PollSeconds is >= 1 and <= 3600, "AirPlan:Notifications:PollSeconds 须在 1 到 3600 之间")
            .ValidateOnStart();
        builder.Services.AddOptions<MailOptions>()
            .Bind(builder.Configuration.GetSection(MailOptions.Section))
            .Validate(o => !o.IsConfigured || MailboxAddress.TryParse(o.From ?? "", out _),
                "配置了 AirPlan:Mail:Host 时须填写有效的发件人 AirPlan:Mail:From（如 AirPlan 台账 <airplan@example.gov.cn>）")
            .Validate(o => o.Port is >= 1 and <= 65535, "AirPlan:Mail:Port 须在 1 到 65535 之间")
            .ValidateOnStart();

        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddScoped<InboxChanges>();
        builder.Services.AddSingleton<DeliveryAdmin>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<SaveChangesInterceptor, DeliveryOutbox>();
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddSingleton<RobotSender>();
        builder.Services.AddSingleton<DeliveryDispatcher>();
        builder.Services.AddHttpClient(RobotSender.ClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        if (builder.Configuration.GetValue(NotificationOptions.DispatchEnabledKey, true))
            builder.Services.AddHostedService<DeliveryWorker>();
        return builder;
    }
}
