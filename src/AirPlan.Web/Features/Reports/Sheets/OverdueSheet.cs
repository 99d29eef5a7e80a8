using AirPlan.Core.Formatting;
using AirPlan.Web.Features.Tasks.Work;
using ClosedXML.Excel;
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

    public static void Write(XLWorkbook workbook, QuarterlyReport report)
    {
        var sheet = workbook.Worksheets.Add(Name);
        WriteTitle(sheet, report.Title.Replace("任务推进台账", "逾期任务清单"), report.Filler, report.AsOf, Columns.Length);
        WriteHeader(sheet, Columns);
        var rows = report.Tasks
            .SelectMany(t => t.Assignments.Where(a => a.DaysOverdue > 0).Select(a => (Task: t, Assignment: a)))
            .OrderByDescending(x => x.Assignment.DaysOverdue).ThenBy(x => x.Task.PlanKey).ThenBy(x => x.Task.Id)
            .ToList();
        var row = HeaderRow;
        foreach (var (task, a) in rows)
        {
            row++;
            Number(sheet.Cell(row, 1), row - HeaderRow);
            Text(sheet.Cell(row, 2), task.Title);
            Text(sheet.Cell(row, 3), a.UnitName);
            Text(sheet.Cell(row, 4), StatusTitles.Of(a.Role));
            Text(sheet.Cell(row, 5), StatusTitles.Of(a.Status));
            Text(sheet.Cell(row, 6), string.Join("\n", task.Deadlines.Select(d => ChineseDate.Format(d) + "前")));
            Date(sheet.Cell(row, 7), a.FirstMissedDue);
            Number(sheet.Cell(row, 8), a.DaysOverdue);
            if (a.LastReportOn is { } reported) Date(sheet.Cell(row, 9), reported);
            else Text(sheet.Cell(row, 9), "未报送").Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
            MarkOverdue(sheet.Range(row, 1, row, Columns.Length));
        }
        if (rows.Count == 0)
        {
            row++;
            sheet.Range(row, 1, row, Columns.Length).Merge();
            Text(sheet.Cell(row, 1), "截至统计日期，没有逾期任务。");
        }
        FitRowHeights(sheet, HeaderRow + 1, row, Columns.Length);
        FinishTable(sheet, Columns.Length, row, autoFilter: rows.Count > 0);
    }
}
