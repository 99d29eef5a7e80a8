namespace AirPlan.Core.Rules;

/// <summary>
/// The date figures are taken for (截至日期). <see cref="End"/> is the first instant after that day in the offices' time zone:
/// things recorded before it had happened "as of" the date. <see cref="FromHistory"/> is true for past dates, whose statuses
/// must be read from status_changes; today and later read the status column (docs/status-model.md, “截至日期”).
/// </summary>
public sealed record AsOfDate(DateOnly Date, DateTimeOffset End, bool FromHistory, TimeZoneInfo Zone)
{
    /// <summary>The requested date (null = today) against the clock; "today" is the clock's local date, as elsewhere in the app.</summary>
    public static AsOfDate For(DateOnly? requested, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var date = requested ?? today;
        return new AsOfDate(date, EndOf(date, clock.LocalTimeZone), date < today, clock.LocalTimeZone);
    }

    /// <summary>First instant after <paramref name="day"/> in <paramref name="zone"/>, in UTC (Npgsql writes timestamptz only as UTC).</summary>
    public static DateTimeOffset EndOf(DateOnly day, TimeZoneInfo zone)
    {
        var next = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(next, zone.GetUtcOffset(next)).ToUniversalTime();
    }

    /// <summary>End of another day in the same time zone (e.g. the end of a reporting period).</summary>
    public DateTimeOffset EndOf(DateOnly day) => EndOf(day, Zone);
}
