using System.Net;
using System.Text.RegularExpressions;
using AirPlan.Web.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// Signs in through the real /account/login form (antiforgery token and cookies included), for tests that need a user.
/// Clients do not follow redirects, so tests can see where the app sends them.
/// </summary>
public static partial class SignIn
{
    public const string DemoPassword = "AirPlan@2025";

    /// <summary>A client signed in as <paramref name="userName"/>; throws when the sign-in fails.</summary>
    public static async Task<HttpClient> SignInAsync(AppFactory app, string userName, string password = DemoPassword)
    {
        var client = NewClient(app);
        var response = await PostLoginAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"登录失败：{userName}（HTTP {(int)response.StatusCode}）{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A client with a cookie jar that does not follow redirects, from an address of its own (or the one given).</summary>
    public static HttpClient NewClient(AppFactory app, string? remoteAddress = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(AppFactory.RemoteAddressHeader, remoteAddress ?? NewAddress());
        return client;
    }

    /// <summary>A random private address: failed sign-ins from one test's client do not slow down another's.</summary>
    public static string NewAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    /// <summary>Posts the sign-in form; 302 means signed in (Location says where to), 200 shows the form again with the error.</summary>
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password, string? returnUrl = null,
        bool rememberMe = false)
    {
        var url = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return PostFormAsync(client, url, "login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
            ["Input.RememberMe"] = rememberMe ? "true" : "false",
        });
    }

    /// <summary>POST /account/logout with the antiforgery token.</summary>
    public static Task<HttpResponseMessage> LogoutAsync(HttpClient client) =>
        PostFormAsync(client, "/account/logout", formName: null, new Dictionary<string, string>(), tokenFrom: "/account/change-password");

    /// <summary>
    /// Loads <paramref name="url"/> (or <paramref name="tokenFrom"/>) for an antiforgery token, then posts the fields to <paramref name="url"/>
    /// as the static form named <paramref name="formName"/> (Blazor's @formname / FormName).
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string? formName,
        IReadOnlyDictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetAsync(tokenFrom ?? url);
        if (page.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{tokenFrom ?? url} 返回 HTTP {(int)page.StatusCode}（{page.Headers.Location}），无法取得表单令牌");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(await page.Content.ReadAsStringAsync()) };
        if (formName is not null) form["_handler"] = formName;
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("页面中没有防伪令牌（__RequestVerificationToken）");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
