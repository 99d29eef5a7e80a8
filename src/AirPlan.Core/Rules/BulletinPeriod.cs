using AirPlan.Core.Domain;

namespace AirPlan.Core.Rules;

/// <summary>
/// The month (2025-10) or quarter (2025Q3) a 通报 covers, in the keys <see cref="ReportingPeriods"/> uses; its figures are
/// taken as of its last day, or as of today while it is still running.
/// </summary>
public sealed record BulletinPeriod(string Key, DateOnly Start, DateOnly End)
{
    public string Title => ReportingPeriods.Title(Key);

    /// <summary>The 截至日期 of the figures: the period's last day, or today when the period has not ended.</summary>
    public DateOnly AsOf(DateOnly today) => End < today ? End : today;

    public static BulletinPeriod? TryParse(string? key)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length < 6 || !int.TryParse(key[..4], out var year) || year < 2000 || year > 2100) return null;
        if (key.Length == 6 && key[4] == 'Q' && key[5] is >= '1' and <= '4')
            return Of(new DateOnly(year, (key[5] - '1') * 3 + 1, 1), ReportingCycle.Quarterly);
        if (key.Length == 7 && key[4] == '-' && int.TryParse(key[5..], out var month) && month is >= 1 and <= 12)
            return Of(new DateOnly(year, month, 1), ReportingCycle.Monthly);
        return null;
    }

    public static BulletinPeriod Of(DateOnly date, ReportingCycle cycle)
    {
        var (start, end) = ReportingPeriods.BoundsOf(date, cycle);
        return new BulletinPeriod(ReportingPeriods.KeyOf(date, cycle), start, end);
    }
}
