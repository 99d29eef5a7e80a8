namespace AirPlan.Core.Formatting;

/// <summary>Dates as these offices write them: 2025年10月31日.</summary>
public static class ChineseDate
{
    public static string Format(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static string Format(DateOnly? date, string empty = "—") => date is { } d ? Format(d) : empty;

    public static string Format(DateTimeOffset moment) => $"{Format(DateOnly.FromDateTime(moment.LocalDateTime))} {moment.LocalDateTime:HH:mm}";
}
