using AirPlan.Web.Features.Dashboard.Rollups;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>
/// 汇总: per lead department, per supporting department and per township, then the total; the figures are the dashboard's
/// (RollupQueries) for the same scope and date, column for column.
/// </summary>
public static class SummarySheet
{
    public const string Name = "汇总";

    public static readonly (string Text, double Width)[] Columns =
    [
        ("类别", 12), ("单位（乡镇）", 30), ("责任分工数", 12), ("已完成", 10), ("其中按期完成", 12), ("其中逾期完成", 12), ("推进中", 10),
        ("待核验", 10), ("持续推进", 10), ("未启动", 10), ("逾期", 10), ("完成率", 10),
        // 任务: the tasks the row holds an assignment on, each in its state as a whole task (the dashboard's 任务 columns).
        ("任务数", 10), ("已完成任务", 12), ("其中按期完成任务", 16), ("其中逾期完成任务", 16), ("逾期任务", 10), ("任务完成率", 12),
    ];

    public static void Write(StreamedWorkbook workbook, QuarterlyReport report)
    {
        var sheet = workbook.AddSheet(Name, Columns.Select(c => c.Width).ToList(), HeaderRow);
        sheet.Title(report.Title, report.Filler, report.AsOf, Columns.Length);
        sheet.Header(HeaderRow, Columns);
        var row = HeaderRow;
        foreach (var (title, rows) in new[] { ("牵头单位", report.Summary.LeadUnits), ("配合单位", report.Summary.SupportingUnits), (report.Areas.RoleTitle, report.Summary.Townships) })
        {
            if (rows.Count == 0) continue;
            var first = row + 1;
            foreach (var line in rows)
            {
                sheet.Row(++row, Columns.Length, Look.Grid);
                if (row == first) sheet.Text(1, title, Look.Center);
                else sheet.Style(1, Look.Center);
                // A department's region is set only where the report spans several regions (RollupQueries.ByDepartmentAsync).
                sheet.Text(2, line.Detail is { } region && !ReferenceEquals(rows, report.Summary.Townships) ? $"{line.Name}（{region}）" : line.Name);
                Counts(sheet, line.Figures);
                if (line.Figures.Overdue > 0) sheet.Style(11, Look.RedText);
                TaskCounts(sheet, line.Tasks);
                if (line.Tasks.Overdue > 0) sheet.Style(17, Look.RedText);
            }
            sheet.Merge(first, 1, row, 1);
        }
        sheet.Row(++row, Columns.Length, Look.Grid | Look.Bold);
        sheet.Text(1, "合计");
        sheet.Merge(row, 1, row, 2);
        Counts(sheet, report.Summary.Total);
        TaskCounts(sheet, report.Summary.TotalTasks ?? TaskFigures.Empty);
        sheet.Finish(HeaderRow);
    }

    /// <summary>任务 columns; 完成率 = (已完成 + 持续推进 tasks) / 任务数, as on the dashboard.</summary>
    private static void TaskCounts(StreamedSheet sheet, TaskFigures tasks)
    {
        sheet.Number(13, tasks.Tasks);
        sheet.Number(14, tasks.Completed);
        sheet.Number(15, tasks.CompletedOnTime);
        sheet.Number(16, tasks.CompletedLate);
        sheet.Number(17, tasks.Overdue);
        sheet.Number(18, tasks.PercentDone / 100.0, Look.Center | Look.Percent);
    }

    /// <summary>完成率 is the dashboard's: (已完成 + 持续推进) over counted assignments (docs/status-model.md).</summary>
    private static void Counts(StreamedSheet sheet, RollupFigures figures)
    {
        sheet.Number(3, figures.Assignments);
        sheet.Number(4, figures.Completed);
        // 已完成 = 按期完成 + 逾期完成: lateness is counted apart after completion too (docs/status-model.md)
        sheet.Number(5, figures.CompletedOnTime);
        sheet.Number(6, figures.CompletedLate);
        sheet.Number(7, figures.InProgress);
        sheet.Number(8, figures.Submitted);
        sheet.Number(9, figures.Continuous);
        sheet.Number(10, figures.NotStarted);
        sheet.Number(11, figures.Overdue);
        sheet.Number(12, figures.PercentDone / 100.0, Look.Center | Look.Percent);
    }
}
