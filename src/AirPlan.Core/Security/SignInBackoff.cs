namespace AirPlan.Core.Security;

/// <summary>
/// How long a sign-in must wait after failed attempts (OWASP ASVS 4 §2.2.1: soft lock-out, no hard lock a stranger can set off).
/// Failures are counted per typed account name (whether it exists or not, so the answer never tells which names exist) and per
/// address. A few failures cost nothing; then each one doubles the wait, up to a cap. The account's cap is short, so a stranger
/// hammering the admin's name costs the admin at most a minute, while a guesser gets no more than about 60 tries an hour; an
/// address that keeps failing (a robot trying many names) waits much longer. Counts are forgotten after an hour without failures.
/// </summary>
public static class SignInBackoff
{
    public sealed record Limits(int FreeFailures, TimeSpan MaxDelay);

    public static readonly Limits Account = new(5, TimeSpan.FromMinutes(1));
    public static readonly Limits Address = new(10, TimeSpan.FromMinutes(15));
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>The wait that <paramref name="failures"/> consecutive failures impose after the last one: 0, then 1 s, 2 s, 4 s … up to the cap.</summary>
    public static TimeSpan DelayAfter(int failures, Limits limits)
    {
        if (failures <= limits.FreeFailures) return TimeSpan.Zero;
        var doublings = Math.Min(failures - limits.FreeFailures - 1, 30);
        var delay = TimeSpan.FromSeconds(Math.Pow(2, doublings));
        return delay < limits.MaxDelay ? delay : limits.MaxDelay;
    }

    /// <summary>When the next attempt may be checked, or null when it may be checked now (or the count is forgotten).</summary>
    public static DateTimeOffset? BlockedUntil(int failures, DateTimeOffset lastFailureAt, Limits limits, DateTimeOffset now)
    {
        if (lastFailureAt < now - ForgetAfter) return null;
        var until = lastFailureAt + DelayAfter(failures, limits);
        return until > now ? until : null;
    }

    /// <summary>The wait as people read it: whole seconds, or whole minutes beyond a minute.</summary>
    public static string Describe(TimeSpan wait) =>
        wait <= TimeSpan.FromMinutes(1) ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} 秒" : $"{(int)Math.Ceiling(wait.TotalMinutes)} 分钟";
}
