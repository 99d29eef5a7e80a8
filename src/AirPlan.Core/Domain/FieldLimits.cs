namespace AirPlan.Core.Domain;

/// <summary>
/// The longest text each field takes, declared once: the entity (or service) refuses longer input with a Chinese message, the EF
/// configuration sizes the column with the same constant and the page's MaxLength/Counter uses it too, so the three cannot
/// drift apart and a page-allowed value never reaches PostgreSQL as a 22001 (value too long).
/// </summary>
public static class FieldLimits
{
    /// <summary>退回原因 (Review.Reason; the assignment's copy is unbounded text but follows it).</summary>
    public const int SendBackReason = 1000;
    /// <summary>进展情况 / 存在问题 / 下步计划 of a progress report.</summary>
    public const int ReportText = 4000;
    /// <summary>A checkpoint's note; it is copied from the report's 进展情况, so it is shortened rather than refused.</summary>
    public const int CheckpointNote = 1000;
    /// <summary>History rows' one-line summary; shortened with “…”, never refused (it is written by the app, not typed).</summary>
    public const int AuditSummary = 1000;
    /// <summary>任务名称.</summary>
    public const int TaskTitle = 500;
    /// <summary>完成时限's original words (2025年10月底前).</summary>
    public const int MilestoneText = 100;
    /// <summary>单位名称 and its aliases.</summary>
    public const int UnitName = 100;
    /// <summary>行政区划 and zone (开发区、示范区) names.</summary>
    public const int RegionName = 100;
    /// <summary>
    /// An account's 姓名: copied into every row the person writes (报送人, 核验人, 上传人, history), whose columns take this much,
    /// so a longer name would make all of that person's saves fail.
    /// </summary>
    public const int PersonName = 100;
    /// <summary>An account's 用户名: ASP.NET Core Identity's own column size (its model, not ours, declares the column).</summary>
    public const int AccountUserName = 256;

    /// <summary>Refuses text longer than <paramref name="max"/> (after trimming, as it will be stored) with 「{label}不能超过{max}字」.</summary>
    public static void Check(string? text, int max, string label)
    {
        if (text is not null && text.Trim().Length > max) throw new DomainException($"{label}不能超过{max}字");
    }

    /// <summary>Text cut to <paramref name="max"/> characters, the last one “…” when anything was cut.</summary>
    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
