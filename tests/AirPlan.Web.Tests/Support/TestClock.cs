namespace AirPlan.Web.Tests.Support;

/// <summary>A clock the test sets, in China Standard Time like the offices that use AirPlan.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "China Standard Time", "CST");

    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => China;

    public static TestClock At(int year, int month, int day) => new(new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.FromHours(8)));
}
