using AirPlan.Core.Domain;
using AirPlan.Web.Features.Tasks.Work;
using ClosedXML.Excel;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>乡镇落实情况: township-scoped tasks × townships, each cell the township's status (red when overdue).</summary>
public static class TownshipSheet
{
    public const string Name = "乡镇落实情况";

    public static void Write(XLWorkbook workbook, QuarterlyReport report)
    {
        var sheet = workbook.Worksheets.Add(Name);
        var tasks = report.Tasks.Where(t => t.Assignments.Any(a => a.Role == AssignmentRole.Implementing)).ToList();
        // Townships in the order the plans list them (their first appearance), not alphabetically.
        var townships = tasks.SelectMany(t => t.Assignments).Where(a => a.Role == AssignmentRole.Implementing)
            .OrderBy(a => a.Id).Select(a => a.UnitName).Distinct().ToList();
        var columns = new List<(string, double)> { ("序号", 6), ("任务名称", 32) };
        columns.AddRange(townships.Select(name => (name, 11d)));
        WriteTitle(sheet, report.Title.Replace("任务推进台账", "乡镇落实情况"), report.Filler, report.AsOf, Math.Max(columns.Count, 4));
        WriteHeader(sheet, columns);

        var columnOf = townships.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => 3 + x.i);
        var row = HeaderRow;
        foreach (var task in tasks)
        {
            row++;
            Number(sheet.Cell(row, 1), row - HeaderRow);
            Text(sheet.Cell(row, 2), task.Title);
            foreach (var a in task.Assignments.Where(a => a.Role == AssignmentRole.Implementing))
            {
                var cell = Text(sheet.Cell(row, columnOf[a.UnitName]), StatusTitles.Of(a.Status));
                cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
                if (a.DaysOverdue > 0) MarkOverdue(cell.AsRange());
            }
        }
        if (tasks.Count == 0)
        {
            row++;
            sheet.Range(row, 1, row, Math.Max(columns.Count, 4)).Merge();
            Text(sheet.Cell(row, 1), "本范围内没有落实到乡镇（街道）的任务。");
        }
        FitRowHeights(sheet, HeaderRow + 1, row, columns.Count);
        FinishTable(sheet, Math.Max(columns.Count, 2), row, autoFilter: tasks.Count > 0);
    }
}
