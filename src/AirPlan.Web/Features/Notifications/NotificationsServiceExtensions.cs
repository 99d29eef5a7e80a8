namespace AirPlan.Web.Features.Notifications;

public static class NotificationsServiceExtensions
{
    /// <summary>消息: the bell, the 消息 page and the delivery channels (e-mail, group robots).</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
