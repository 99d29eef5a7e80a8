using AirPlan.Core.Formatting;
using AirPlan.Core.Domain;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>逾期任务: every overdue assignment, longest overdue first, with its last report date.</summary>
public static class OverdueSheet
{
    public const string Name = "逾期任务";

    public static readonly (string Text, double Width)[] Columns =
    [
        ("序号", 6), ("任务名称", 32), ("责任单位", 24), ("分工", 14), ("当前状态", 14), ("完成时限", 22), ("最早逾期节点", 16),
        ("逾期天数", 10), ("最近报送日期", 16),
    ];

    public static void Write(StreamedWorkbook workbook, QuarterlyReport report)
    {
        var sheet = workbook.AddSheet(Name, Columns.Select(c => c.Width).ToList(), HeaderRow);
        sheet.Title(Title(report), report.Filler, report.AsOf, Columns.Length);
        sheet.Header(HeaderRow, Columns);
        var rows = Rows(report);
        var heights = new RowHeights();
        var row = HeaderRow;
        foreach (var (task, a) in rows)
        {
            row++;
            string[] texts = [task.Title, a.UnitName, StatusTitles.Of(a.Role), StatusTitles.Of(a.Status), DeadlinesOf(task)];
            for (var i = 0; i < texts.Length; i++) heights.Note(row, texts[i], Columns[1 + i].Width);
            sheet.Row(row, Columns.Length, Look.Grid | Look.Overdue, heights.Of(row));
            sheet.Number(1, row - HeaderRow);
            for (var i = 0; i < texts.Length; i++) sheet.Text(2 + i, texts[i]);
            sheet.Date(7, a.FirstMissedDue);
            sheet.Number(8, a.DaysOverdue);
            if (a.LastReportOn is { } reported) sheet.Date(9, reported);
            else sheet.Text(9, NotReported, Look.Center);
        }
        if (rows.Count == 0)
        {
            sheet.Row(++row, Columns.Length, Look.Grid, heights.Of(row));
            sheet.Text(1, Empty);
            sheet.Merge(row, 1, row, Columns.Length);
        }
        sheet.Finish(HeaderRow, rows.Count > 0 ? StreamedSheet.Range(HeaderRow, 1, row, Columns.Length) : null);
    }

    public const string NotReported = "未报送";
    public const string Empty = "截至统计日期，没有逾期任务。";

    public static string Title(QuarterlyReport report) => report.Title.Replace("任务推进台账", "逾期任务清单");

    /// <summary>Every overdue assignment, longest overdue first, then by plan and task.</summary>
    public static List<(ReportTask Task, ReportAssignment Assignment)> Rows(QuarterlyReport report) => report.Tasks
        .SelectMany(t => t.Assignments.Where(a => a.DaysOverdue > 0).Select(a => (Task: t, Assignment: a)))
        .OrderByDescending(x => x.Assignment.DaysOverdue).ThenBy(x => x.Task.PlanKey).ThenBy(x => x.Task.Id)
        .ToList();

    public static string DeadlinesOf(ReportTask task) => string.Join("\n", task.Deadlines.Select(d => ChineseDate.Format(d) + "前"));
}
