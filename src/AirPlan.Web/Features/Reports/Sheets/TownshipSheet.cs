using AirPlan.Core.Domain;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>
/// 乡镇落实情况 (县区落实情况 for a city plan): township-scoped tasks × townships, each cell the township's status (red when overdue). One plan is one
/// table under the title; several plans are one block each (plan title, its own header of its townships, its tasks), since
/// one matrix of every county's townships would be ~1,600 mostly empty columns.
/// </summary>
public static class TownshipSheet
{
    /// <summary>乡镇落实情况, or 县区落实情况 for a city plan (<see cref="AreaTerms"/>).</summary>
    public static string NameOf(AreaTerms areas) => areas.Progress;
    public static string EmptyOf(AreaTerms areas) => $"本范围内没有落实到{areas.Area}的任务。";
    public const double TownshipWidth = 11;

    public static readonly (string Text, double Width)[] Leading = [("序号", 6), ("任务名称", 32)];

    /// <summary>
    /// A township column: the township region, or the unit when it has none. Keyed by id, not name: counties have
    /// townships of the same name (城关镇), which must not share a column.
    /// </summary>
    public readonly record struct Township(int? RegionId, int UnitId, string Name);

    public sealed record Row(ReportTask Task, IReadOnlyList<(int Column, ReportAssignment Assignment)> Cells);

    public sealed record Block(string PlanTitle, IReadOnlyList<Township> Townships, IReadOnlyList<Row> Rows)
    {
        public int Columns => Leading.Length + Townships.Count;
    }

    /// <summary>One block per plan with township-scoped tasks; cells in column order, one per township.</summary>
    public static IReadOnlyList<Block> Blocks(QuarterlyReport report) =>
        report.Plans.Select(plan =>
        {
            var tasks = plan.Tasks.Where(t => t.Assignments.Any(a => a.Role == AssignmentRole.Implementing)).ToList();
            // Townships in the order the plan lists them (their first appearance), not alphabetically.
            var townships = tasks.SelectMany(t => t.Assignments).Where(a => a.Role == AssignmentRole.Implementing)
                .OrderBy(a => a.Id).Select(KeyOf).DistinctBy(Key).ToList();
            var columnOf = townships.Select((t, i) => (Key(t), i)).ToDictionary(x => x.Item1, x => Leading.Length + 1 + x.i);
            var rows = tasks.Select(t => new Row(t, t.Assignments.Where(a => a.Role == AssignmentRole.Implementing)
                .Select(a => (Column: columnOf[Key(KeyOf(a))], Assignment: a)).DistinctBy(x => x.Column).OrderBy(x => x.Column).ToList())).ToList();
            return new Block(plan.Title, townships, rows);
        }).Where(b => b.Rows.Count > 0).ToList();

    private static Township KeyOf(ReportAssignment a) => new(a.TownshipRegionId, a.UnitId, a.UnitName);

    private static (bool, int) Key(Township t) => t.RegionId is { } region ? (true, region) : (false, t.UnitId);

    public static IReadOnlyList<(string Text, double Width)> Header(Block? block) =>
        [.. Leading, .. (block?.Townships ?? []).Select(t => (t.Name, TownshipWidth))];

    /// <summary>Columns of the title rows: the widest block, at least 4 so 填报单位 and 截至日期 have room.</summary>
    public static int TitleColumns(IReadOnlyList<Block> blocks) => Math.Max(4, blocks.Select(b => b.Columns).DefaultIfEmpty(0).Max());

    public static string Title(QuarterlyReport report) => report.Title.Replace("任务推进台账", NameOf(report.Areas));

    public static void Write(StreamedWorkbook workbook, QuarterlyReport report)
    {
        var blocks = Blocks(report);
        var single = report.Plans.Count <= 1 || blocks.Count == 0;
        var widest = Header(blocks.MaxBy(b => b.Columns));
        var sheet = workbook.AddSheet(NameOf(report.Areas), widest.Select(c => c.Width).ToList(), single ? HeaderRow : null);
        var titleColumns = TitleColumns(blocks);
        sheet.Title(Title(report), report.Filler, report.AsOf, titleColumns);
        var heights = new RowHeights();
        if (single)
        {
            var block = blocks.FirstOrDefault();
            var columns = Header(block);
            sheet.Header(HeaderRow, columns);
            var row = HeaderRow;
            if (block is null)
            {
                sheet.Row(++row, titleColumns, Look.Grid, heights.Of(row));
                sheet.Text(1, EmptyOf(report.Areas));
                sheet.Merge(row, 1, row, titleColumns);
            }
            else row = WriteRows(sheet, block, row, heights);
            sheet.Finish(HeaderRow, block is null ? null : StreamedSheet.Range(HeaderRow, 1, row, columns.Count));
            return;
        }

        var last = HeaderRow - 1;
        foreach (var block in blocks)
        {
            heights.Note(++last, block.PlanTitle, widest.Take(block.Columns).Sum(c => c.Width));
            sheet.Row(last, block.Columns, Look.Grid | Look.Bold, heights.Of(last));
            sheet.Text(1, block.PlanTitle);
            sheet.Merge(last, 1, last, block.Columns);
            sheet.Header(++last, Header(block));
            last = WriteRows(sheet, block, last, heights);
        }
        sheet.Finish(HeaderRow - 1);
    }

    private static int WriteRows(StreamedSheet sheet, Block block, int row, RowHeights heights)
    {
        var seq = 0;
        foreach (var line in block.Rows)
        {
            row++;
            heights.Note(row, line.Task.Title, Leading[1].Width);
            foreach (var (_, a) in line.Cells) heights.Note(row, StatusTitles.Of(a.Status), TownshipWidth);
            sheet.Row(row, block.Columns, Look.Grid, heights.Of(row));
            sheet.Number(1, ++seq);
            sheet.Text(2, line.Task.Title);
            foreach (var (column, a) in line.Cells)
                sheet.Text(column, StatusTitles.Of(a.Status), a.DaysOverdue > 0 ? Look.Center | Look.Overdue : Look.Center);
        }
        return row;
    }
}
