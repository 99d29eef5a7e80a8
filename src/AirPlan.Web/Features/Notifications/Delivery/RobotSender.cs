using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AirPlan.Web.Data;

namespace AirPlan.Web.Features.Notifications.Delivery;

/// <summary>
/// Posts to a 企业微信 or 钉钉 群机器人. Both answer HTTP 200 with <c>{"errcode":0,…}</c> on success and a non-zero errcode
/// otherwise (bad key, keyword or signature, rate limit), so the body is read, not only the status.
/// </summary>
public sealed class RobotSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "group-robots";

    public async Task SendAsync(GroupRobot robot, string json, CancellationToken ct)
    {
        var client = clients.CreateClient(ClientName);
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await client.PostAsync(AddressOf(robot), content, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new RobotRefusedException($"HTTP {(int)response.StatusCode}：{Short(answer)}");
        if (ErrorCode(answer) is { } code && code != 0) throw new RobotRefusedException($"机器人返回错误 {code}：{Short(answer)}");
    }

    /// <summary>钉钉 加签: timestamp and the HMAC-SHA256 of "timestamp\nsecret" under the secret, as query parameters.</summary>
    private string AddressOf(GroupRobot robot)
    {
        if (robot.Kind != DeliveryChannel.DingTalk || robot.Secret is null) return robot.WebhookUrl;
        var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(robot.Secret),
            Encoding.UTF8.GetBytes($"{timestamp}\n{robot.Secret}")));
        var separator = robot.WebhookUrl.Contains('?') ? '&' : '?';
        return $"{robot.WebhookUrl}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(sign)}";
    }

    private static int? ErrorCode(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errcode", out var code)
                && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

public sealed class RobotRefusedException(string message) : Exception(message);
