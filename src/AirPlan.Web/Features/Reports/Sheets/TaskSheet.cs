using AirPlan.Core.Rules;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>
/// 任务进展: one row per task with its state from its assignments (TaskRollup, the same answer as the dashboard's 任务 figures
/// and the grouped task list), 逾期 and the fraction of counted assignments done (已完成 12/18).
/// </summary>
public static class TaskSheet
{
    public const string Name = "任务进展";

    public static readonly (string Text, double Width)[] Columns =
    [
        ("序号", 6), ("任务名称", 36), ("牵头单位", 24), ("任务状态", 12), ("是否逾期", 10), ("逾期天数", 10), ("已完成/责任分工", 16),
        ("完成率", 10), ("完成情况", 12),
    ];

    public static void Write(StreamedWorkbook workbook, QuarterlyReport report)
    {
        var sheet = workbook.AddSheet(Name, Columns.Select(c => c.Width).ToList(), HeaderRow);
        sheet.Title(Title(report), report.Filler, report.AsOf, Columns.Length);
        sheet.Header(HeaderRow, Columns);
        var heights = new RowHeights();
        var row = HeaderRow;
        foreach (var task in report.Tasks)
        {
            row++;
            var lead = string.Join("、", task.LeadUnits);
            heights.Note(row, task.Title, Columns[1].Width);
            heights.Note(row, lead, Columns[2].Width);
            sheet.Row(row, Columns.Length, task.IsOverdue ? Look.Grid | Look.Overdue : Look.Grid, heights.Of(row));
            sheet.Number(1, row - HeaderRow);
            sheet.Text(2, task.Title);
            sheet.Text(3, lead);
            sheet.Text(4, TaskRollup.Title(task.State), Look.Center);
            sheet.Text(5, task.IsOverdue ? "是" : "否", Look.Center);
            sheet.Number(6, task.DaysOverdue);
            sheet.Text(7, TaskRollup.Fraction(task.Rollup), Look.Center);
            sheet.Text(8, $"{TaskRollup.PercentDone(task.Rollup)}%", Look.Center);
            sheet.Text(9, task.Completion, Look.Center);
        }
        sheet.Finish(HeaderRow, row > HeaderRow ? StreamedSheet.Range(HeaderRow, 1, row, Columns.Length) : null);
    }

    public static string Title(QuarterlyReport report) => report.Title.Replace("任务推进台账", "任务进展情况");
}
