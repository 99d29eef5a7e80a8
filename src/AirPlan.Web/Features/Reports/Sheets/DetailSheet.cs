using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
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
        ("是否逾期", 8), ("逾期天数", 8), ("完成情况", 12),
    ];

    /// <summary>Columns that describe the whole task and so span its sub-item rows (all but 任务名称 and 任务内容).</summary>
    private static readonly int[] TaskColumns = [1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    public static void Write(StreamedWorkbook workbook, QuarterlyReport report, IProgress<int>? progress = null)
    {
        var sheet = workbook.AddSheet(Name, Columns.Select(c => c.Width).ToList(), HeaderRow);
        sheet.Title(report.Title, report.Filler, report.AsOf, Columns.Length);
        sheet.Header(HeaderRow, ColumnsFor(report.Areas));
        var row = HeaderRow;
        var heights = new RowHeights();
        var total = Math.Max(1, report.Tasks.Count());
        var done = 0;
        foreach (var plan in report.Plans)
        {
            if (report.Plans.Count > 1)
            {
                heights.Note(++row, plan.Title, Columns.Sum(c => c.Width));
                sheet.Row(row, Columns.Length, Look.Grid | Look.Bold, heights.Of(row));
                sheet.Text(1, plan.Title);
                sheet.Merge(row, 1, row, Columns.Length);
            }
            var seq = 0;
            foreach (var task in plan.Tasks)
            {
                row = WriteTask(sheet, row + 1, ++seq, task, heights);
                progress?.Report(++done * 100 / total);
            }
        }
        sheet.Finish(HeaderRow, StreamedSheet.Range(HeaderRow, 1, Math.Max(row, HeaderRow), Columns.Length));
    }

    private static int WriteTask(StreamedSheet sheet, int row, int seq, ReportTask task, RowHeights heights)
    {
        var span = 1 + task.Subitems.Count;
        var texts = TaskTexts(task);
        // Heights first: a row is written with its height.
        for (var column = 1; column <= Columns.Length; column++)
            heights.Note(row, texts[column - 1], Columns[column - 1].Width, Merged(column) ? span : 1);
        var look = task.IsOverdue ? Look.Grid | Look.Overdue : Look.Grid;
        sheet.Row(row, Columns.Length, look, heights.Of(row));
        for (var column = 1; column <= Columns.Length; column++)
            if (texts[column - 1] is { } text) sheet.Text(column, text, Centred(column) ? Look.Center : Look.None);
        sheet.Number(1, seq);
        sheet.Number(13, task.EvidenceCount);
        sheet.Number(15, task.DaysOverdue);

        var last = row;
        foreach (var sub in task.Subitems)
        {
            last++;
            heights.Note(last, SubitemTitle(sub), Columns[2].Width);
            heights.Note(last, sub.Text, Columns[3].Width);
            sheet.Row(last, Columns.Length, look, heights.Of(last));
            sheet.Text(3, SubitemTitle(sub));
            sheet.Text(4, sub.Text);
        }
        if (last > row)
            foreach (var column in TaskColumns) sheet.Merge(row, column, last, column);
        return last;
    }

    /// <summary>The texts of a task's row by column (null: not text — a number or a single date).</summary>
    public static string?[] TaskTexts(ReportTask task) =>
    [
        null, task.Chapter, task.Title, task.Text, string.Join("、", task.LeadUnits), string.Join("、", task.SupportingUnits),
        task.Townships, DeadlineText(task), TaskRollup.Title(task.State), task.Progress, task.Problems,
        task.NextSteps, null, task.IsOverdue ? "是" : "否", null, task.Completion,
    ];

    /// <summary>The text of the sub-item rows' 任务名称 column.</summary>
    public static string SubitemTitle(ReportSubitem sub) => sub.Title.Length > 0 ? sub.Title : sub.Number;

    /// <summary>Columns whose text is centred (state, 是否逾期, 完成情况); numbers and dates are centred anyway.</summary>
    public static bool Centred(int column) => column is 9 or 14 or 16;

    public static bool Merged(int column) => Array.IndexOf(TaskColumns, column) >= 0;

    /// <summary>
    /// Text in the offices' words, one deadline a line (2025年10月31日前), however many there are: a lone date written as
    /// an Excel date beside a column of text read as two kinds of value.
    /// </summary>
    public static string DeadlineText(ReportTask task) => DeadlineWording.Text(task.Deadlines, task.Recurrence, task.IsContinuous);

    /// <summary>The header with the implementing areas named for the report's plans (落实乡镇, or 落实县区 for a city plan).</summary>
    public static (string Text, double Width)[] ColumnsFor(AreaTerms areas) =>
        Columns.Select(c => c.Text == "落实乡镇" ? (areas.RoleTitle, c.Width) : c).ToArray();
}
