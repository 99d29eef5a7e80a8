using AirPlan.Core.Domain;

namespace AirPlan.Web.Data;

/// <summary>
/// One assignment judged by the status-model rules as of a date (docs/status-model.md): a row of the <c>assignment_facts</c>
/// cache that the SQL function <c>assignment_facts_compute</c> fills per plan and date and database triggers keep current. The
/// dashboard, the task list and the Excel report all read these rows, so a number and the list behind it cannot disagree.
/// </summary>
public sealed class AssignmentFact
{
    public DateOnly AsOf { get; private set; }
    /// <summary>Past dates read statuses from history, today from the live column: two different snapshots of one date.</summary>
    public bool FromHistory { get; private set; }
    public int AssignmentId { get; private set; }
    public int PlanId { get; private set; }
    // Copied from the assignment so filters and groupings need not join the 89k-row assignments table at province scale;
    // the assignments trigger refreshes them when a unit is merged.
    public int TaskId { get; private set; }
    public int UnitId { get; private set; }
    public AssignmentRole Role { get; private set; }
    public AssignmentStatus Status { get; private set; }
    /// <summary>Earliest missed milestone (逾期 when set; 逾期天数 count from it).</summary>
    public DateOnly? FirstMissedDue { get; private set; }
    /// <summary>Earliest milestone from the date on not yet reported done (下一时限; 到期 and the yellow light).</summary>
    public DateOnly? NextDue { get; private set; }
    /// <summary>未按期报送 for the last closed reporting period.</summary>
    public bool ReportMissing { get; private set; }
    /// <summary>Counts toward 完成率 (lead and implementing units; supporting ones only when a task has nothing else).</summary>
    public bool Counted { get; private set; }
    /// <summary>The day it was verified 已完成 (the latest change into 已完成 by the date); null unless 已完成.</summary>
    public DateOnly? CompletedOn { get; private set; }
    /// <summary>逾期完成: days it was completed after the task's last deadline; null when on time, not done or without a deadline.</summary>
    public int? CompletedLateDays { get; private set; }
    /// <summary>最近报送: the latest progress report recorded by the end of the date; null when none (ADR 030).</summary>
    public DateTimeOffset? LastReportAt { get; private set; }
}
