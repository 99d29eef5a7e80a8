namespace AirPlan.Web.Features.Account;

/// <summary>Return addresses after sign-in: only paths on this site, so a link cannot bounce a user to another host.</summary>
public static class LocalUrl
{
    public const string Home = "/";

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\') && !url.Any(char.IsControl);

    public static string OrHome(string? url) => IsLocal(url) ? url! : Home;
}
