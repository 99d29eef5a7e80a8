namespace AirPlan.Web.Data;

/// <summary>
/// One run of the daily chasing job (定时, 立即执行 or <c>airplan chase</c>) with what it wrote. A day with a finished run is
/// not run again by the schedule; a manual run may add steps that became due since (docs/decisions/021-daily-chasing-job.md).
/// </summary>
public class ChaseRun
{
    public long Id { get; private set; }
    /// <summary>The day the facts were judged for.</summary>
    public DateOnly AsOf { get; private set; }
    /// <summary>schedule, manual or cli.</summary>
    public string Trigger { get; private set; } = "";
    public string? StartedBy { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int DueSoon { get; set; }
    public int Overdue { get; set; }
    public int Escalated { get; set; }
    public int ReportMissing { get; set; }
    public int ReviewWaiting { get; set; }
    public int Notifications { get; set; }

    private ChaseRun() { }

    public ChaseRun(DateOnly asOf, string trigger, string? startedBy, DateTimeOffset startedAt)
    {
        AsOf = asOf;
        Trigger = trigger;
        StartedBy = startedBy;
        StartedAt = startedAt;
    }

    public const string Scheduled = "schedule";
    public const string Manual = "manual";
    public const string CommandLine = "cli";

    public static string TriggerTitle(string trigger) => trigger switch
    {
        Scheduled => "定时",
        Manual => "立即执行",
        CommandLine => "命令行",
        _ => trigger,
    };
}
