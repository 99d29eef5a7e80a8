namespace AirPlan.Core.Formatting;

/// <summary>
/// 完成时限 in words, for every screen and the Excel: each deadline as 2025年10月31日前, then the recurrence (每季度), and
/// for a task with neither, 持续推进 (ongoing work the document or a coordinator marked so) or 未明确时限.
/// </summary>
public static class DeadlineWording
{
    public const string Continuous = "持续推进";
    public const string Unstated = "未明确时限";

    /// <summary>A deadline as offices write it in a ledger: by that day.</summary>
    public static string Due(DateOnly date) => ChineseDate.Format(date) + "前";

    /// <summary>What a task without deadlines and recurrence says instead.</summary>
    public static string WithoutDate(bool isContinuous) => isContinuous ? Continuous : Unstated;

    /// <summary>One line per deadline (in date order), then the recurrence; or the single word for none.</summary>
    public static IReadOnlyList<string> Lines(IEnumerable<DateOnly> deadlines, string? recurrence, bool isContinuous)
    {
        var lines = deadlines.Distinct().Order().Select(Due).ToList();
        if (!string.IsNullOrWhiteSpace(recurrence)) lines.Add(recurrence.Trim());
        return lines.Count > 0 ? lines : [WithoutDate(isContinuous)];
    }

    /// <summary><see cref="Lines"/> as one cell's text, a line each.</summary>
    public static string Text(IEnumerable<DateOnly> deadlines, string? recurrence, bool isContinuous) =>
        string.Join("\n", Lines(deadlines, recurrence, isContinuous));
}
