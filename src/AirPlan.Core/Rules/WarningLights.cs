namespace AirPlan.Core.Rules;

/// <summary>红黄绿灯</summary>
public enum WarningLight
{
    Green,
    Yellow,
    Red,
}

/// <summary>
/// The warning-light rule (docs/status-model.md, “红黄绿灯”), the one place it is written. It reads what the status engine
/// judged (the first missed and the next due milestone of an assignment as of a date) and never judges dates itself.
/// </summary>
public static class WarningLights
{
    /// <summary>Default of AirPlan:Warnings:YellowDays.</summary>
    public const int DefaultYellowDays = 15;

    /// <summary>红: behind (a milestone missed); 黄: the next milestone falls within <paramref name="yellowDays"/> days; else 绿.</summary>
    public static WarningLight Of(DateOnly? firstMissedDue, DateOnly? nextDue, DateOnly asOf, int yellowDays) =>
        firstMissedDue is not null ? WarningLight.Red
        : nextDue is { } due && due <= asOf.AddDays(yellowDays) ? WarningLight.Yellow
        : WarningLight.Green;

    /// <summary>逾期天数: days since the earliest missed milestone (0 when none).</summary>
    public static int DaysOverdue(DateOnly? firstMissedDue, DateOnly asOf) =>
        firstMissedDue is { } due && due < asOf ? asOf.DayNumber - due.DayNumber : 0;
}
