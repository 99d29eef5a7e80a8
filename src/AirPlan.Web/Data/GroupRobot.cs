using AirPlan.Core.Domain;

namespace AirPlan.Web.Data;

/// <summary>
/// A 企业微信 or 钉钉 群机器人 a unit's or a region's office reads: events addressed to that unit's liaisons (or to the region's
/// coordinators) are posted to its group, once per event, not once per recipient. Exactly one of unit and region is set.
/// </summary>
public class GroupRobot
{
    public int Id { get; private set; }
    public DeliveryChannel Kind { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The webhook address; its key lets anyone post to the group, so it is shown only to those who manage robots.</summary>
    public string WebhookUrl { get; private set; } = "";
    /// <summary>钉钉 加签 secret (SEC…), when the robot is set up with signing.</summary>
    public string? Secret { get; private set; }
    public int? UnitId { get; private set; }
    public Unit? Unit { get; private set; }
    public int? RegionId { get; private set; }
    public Region? Region { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private GroupRobot() { }

    public GroupRobot(DeliveryChannel kind, string name, string webhookUrl, string? secret, int? unitId, int? regionId, DateTimeOffset at)
    {
        if (kind is not (DeliveryChannel.WeCom or DeliveryChannel.DingTalk)) throw new DomainException("群机器人只能是企业微信或钉钉");
        if ((unitId is null) == (regionId is null)) throw new DomainException("群机器人须属于一个单位或一个地区");
        name = name.Trim();
        if (name.Length is 0 or > NameMaxLength) throw new DomainException($"请填写机器人名称（不超过 {NameMaxLength} 字）");
        webhookUrl = webhookUrl.Trim();
        if (!Uri.TryCreate(webhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || webhookUrl.Length > UrlMaxLength)
            throw new DomainException("Webhook 地址须是完整的 https:// 地址");
        Kind = kind;
        Name = name;
        WebhookUrl = webhookUrl;
        Secret = string.IsNullOrWhiteSpace(secret) ? null : secret.Trim();
        UnitId = unitId;
        RegionId = regionId;
        CreatedAt = at;
    }

    public const int NameMaxLength = 60;
    public const int UrlMaxLength = 500;
}
