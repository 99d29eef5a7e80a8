using AirPlan.Web.Features.Dashboard.Rollups;

namespace AirPlan.Web.Features.Reports;

/// <summary>
/// 汇总: the dashboard's roll-ups (RollupQueries) for the report's scope and date, so the workbook and the dashboard
/// cannot disagree: lead and supporting departments apart, townships, and the total — 责任分工 figures and, beside them, the
/// 任务 figures of each row (<see cref="RollupRow.Tasks"/>) and of the scope (<paramref name="TotalTasks"/>).
/// </summary>
public sealed record ReportSummary(IReadOnlyList<RollupRow> LeadUnits, IReadOnlyList<RollupRow> SupportingUnits,
    IReadOnlyList<RollupRow> Townships, RollupFigures Total, TaskFigures? TotalTasks = null);
