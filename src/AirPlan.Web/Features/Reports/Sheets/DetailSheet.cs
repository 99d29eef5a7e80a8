using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
using ClosedXML.Excel;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>任务明细: one row per task with its sub-items beneath; the task's own columns span the block (merged).</summary>
public static class DetailSheet
{
    public const string Name = "任务明细";

    public static readonly (string Text, double Width)[] Columns =
    [
        ("序号", 6), ("章节", 16), ("任务名称", 24), ("任务内容", 50), ("牵头单位", 18), ("责任/配合单位", 24), ("落实乡镇", 18),
        ("完成时限", 16), ("当前状态", 10), ("本季度进展情况", 36), ("存在问题", 24), ("下步计划", 24), ("佐证材料（份）", 10),
        ("是否逾期", 8), ("逾期天数", 8),
    ];

    /// <summary>Columns that describe the whole task and so span its sub-item rows (all but 任务名称 and 任务内容).</summary>
    private static readonly int[] TaskColumns = [1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

    public static void Write(XLWorkbook workbook, QuarterlyReport report, IProgress<int>? progress = null)
    {
        var sheet = workbook.Worksheets.Add(Name);
        WriteTitle(sheet, report.Title, report.Filler, report.AsOf, Columns.Length);
        WriteHeader(sheet, Columns);
        var row = HeaderRow;
        var total = Math.Max(1, report.Tasks.Count());
        var done = 0;
        foreach (var plan in report.Plans)
        {
            if (report.Plans.Count > 1)
            {
                row++;
                var group = sheet.Range(row, 1, row, Columns.Length).Merge();
                Text(group.FirstCell(), plan.Title);
                group.Style.Font.Bold = true;
            }
            var seq = 0;
            foreach (var task in plan.Tasks)
            {
                row = WriteTask(sheet, row + 1, ++seq, task);
                progress?.Report(++done * 100 / total);
            }
        }
        FitRowHeights(sheet, HeaderRow + 1, row, Columns.Length);
        FinishTable(sheet, Columns.Length, row);
    }

    private static int WriteTask(IXLWorksheet sheet, int row, int seq, ReportTask task)
    {
        Number(sheet.Cell(row, 1), seq);
        Text(sheet.Cell(row, 2), task.Chapter);
        Text(sheet.Cell(row, 3), task.Title);
        Text(sheet.Cell(row, 4), task.Text);
        Text(sheet.Cell(row, 5), string.Join("、", task.LeadUnits));
        Text(sheet.Cell(row, 6), string.Join("、", task.SupportingUnits));
        Text(sheet.Cell(row, 7), task.Townships);
        Deadlines(sheet.Cell(row, 8), task);
        Text(sheet.Cell(row, 9), TaskRollup.Title(task.State)).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        Text(sheet.Cell(row, 10), task.Progress);
        Text(sheet.Cell(row, 11), task.Problems);
        Text(sheet.Cell(row, 12), task.NextSteps);
        Number(sheet.Cell(row, 13), task.EvidenceCount);
        Text(sheet.Cell(row, 14), task.IsOverdue ? "是" : "否").Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        Number(sheet.Cell(row, 15), task.DaysOverdue);

        var last = row;
        foreach (var sub in task.Subitems)
        {
            last++;
            Text(sheet.Cell(last, 3), sub.Title.Length > 0 ? sub.Title : sub.Number);
            Text(sheet.Cell(last, 4), sub.Text);
        }
        if (last > row)
            foreach (var column in TaskColumns) sheet.Range(row, column, last, column).Merge();
        if (task.IsOverdue) MarkOverdue(sheet.Range(row, 1, last, Columns.Length));
        return last;
    }

    /// <summary>One deadline is a real date; several are written out one per line; none says why.</summary>
    private static void Deadlines(IXLCell cell, ReportTask task)
    {
        if (task.Deadlines.Count == 1) Date(cell, task.Deadlines[0]);
        else if (task.Deadlines.Count > 1) Text(cell, string.Join("\n", task.Deadlines.Select(d => ChineseDate.Format(d) + "前")));
        else Text(cell, task.IsContinuous ? "持续推进" : task.Recurrence ?? "");
    }
}
