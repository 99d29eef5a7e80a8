using AirPlan.Core.Domain;
using System.Text.RegularExpressions;
using AirPlan.Core.Parsing.Ledger;
using ClosedXML.Excel;

namespace AirPlan.Web.Features.Plans.Import.Ledger;

/// <summary>What was found in the workbook: the rows (merged cells filled in, blank rows dropped) and the header.</summary>
public sealed record LedgerSheet(string SheetName, int HeaderRow, IReadOnlyList<string> Headers, string TitleText,
    IReadOnlyList<LedgerRow> Rows, int BlankRowsSkipped);

/// <summary>A workbook that cannot be read at all; the message is for the user.</summary>
public sealed class LedgerFormatException(string message) : DomainException(message);

/// <summary>
/// Finds the task table in an .xlsx: the header row (not necessarily row 1) by its Chinese column names, then every row
/// beneath it. Merged cells give every row they span the top-left value; a row whose 序号 is merged with an earlier
/// row's is a sub-item of that row.
/// </summary>
public static partial class LedgerWorkbookReader
{
    public const string NotExcel = "文件不是有效的 Excel 工作簿（.xlsx），无法读取。请确认上传的是用 Excel 或 WPS 保存的 .xlsx 文件（可下载导入模板对照）。";
    private const int HeaderSearchRows = 30;

    public static LedgerSheet Read(byte[] content)
    {
        if (content.Length >= 4 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0)
            throw new LedgerFormatException("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再导入。");
        // An .xlsx is a ZIP package; anything else renamed to .xlsx is refused before ClosedXML sees it.
        if (content.Length < 4 || content[0] != 'P' || content[1] != 'K' || content[2] != 3 || content[3] != 4)
            throw new LedgerFormatException(NotExcel);

        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(content));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new LedgerFormatException(NotExcel);
        }
        using (workbook)
        {
            // The app's own export keeps its tasks on 任务明细; other ledgers have one sheet or the table on the first.
            var sheets = workbook.Worksheets.OrderBy(s => s.Name == "任务明细" ? 0 : 1).ThenBy(s => s.Position);
            foreach (var sheet in sheets)
            {
                var found = FindHeader(sheet);
                if (found is not null) return ReadRows(sheet, found.Value.Row, found.Value.Columns);
            }
        }
        throw new LedgerFormatException("未找到任务表头：请确认表格中有「任务名称」（或「任务内容」）以及「牵头单位」或「责任单位」等列，可下载导入模板对照。");
    }

    private static (int Row, Dictionary<LedgerColumn, int> Columns)? FindHeader(IXLWorksheet sheet)
    {
        var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        var lastRow = Math.Min(sheet.LastRowUsed()?.RowNumber() ?? 0, HeaderSearchRows);
        for (var row = 1; row <= lastRow; row++)
        {
            var columns = new Dictionary<LedgerColumn, int>();
            for (var column = 1; column <= lastColumn; column++)
            {
                var recognised = LedgerColumns.Recognise(TextOf(sheet.Cell(row, column)));
                if (recognised is { } c) columns.TryAdd(c, column);
            }
            var hasTask = columns.ContainsKey(LedgerColumn.Title) || columns.ContainsKey(LedgerColumn.Content);
            var hasUnit = columns.ContainsKey(LedgerColumn.Lead) || columns.ContainsKey(LedgerColumn.Responsible)
                || columns.ContainsKey(LedgerColumn.Supporting);
            if (hasTask && hasUnit) return (row, columns);
        }
        return null;
    }

    private static LedgerSheet ReadRows(IXLWorksheet sheet, int headerRow, Dictionary<LedgerColumn, int> columns)
    {
        var merged = MergedCells(sheet);
        var lastRow = sheet.LastRowUsed()?.RowNumber() ?? headerRow;
        var rows = new List<LedgerRow>();
        var rowsByNumber = new Dictionary<int, LedgerRow>();
        var blank = 0;

        string Get(int row, LedgerColumn column) => columns.TryGetValue(column, out var c) ? ValueAt(sheet, merged, row, c).Text : "";

        for (var row = headerRow + 1; row <= lastRow; row++)
        {
            var texts = columns.Keys.ToDictionary(c => c, c => Get(row, c));
            if (texts.Values.All(t => t.Length == 0))
            {
                blank++;
                continue;
            }

            var responsible = texts.GetValueOrDefault(LedgerColumn.Responsible, "");
            var hasLeadColumn = columns.ContainsKey(LedgerColumn.Lead);
            var lead = hasLeadColumn ? texts[LedgerColumn.Lead] : responsible;
            var supporting = JoinNonEmpty(texts.GetValueOrDefault(LedgerColumn.Supporting, ""), hasLeadColumn ? responsible : "");

            var dates = new List<DateOnly>();
            var deadlineText = "";
            if (columns.TryGetValue(LedgerColumn.Deadline, out var deadlineColumn))
            {
                var value = ValueAt(sheet, merged, row, deadlineColumn);
                if (value.Date is { } date) dates.Add(date);
                else deadlineText = value.Text;
            }

            int? parent = null;
            if (columns.TryGetValue(LedgerColumn.Number, out var numberColumn)
                && merged.TryGetValue((row, numberColumn), out var range) && range.FirstRow < row
                && rowsByNumber.TryGetValue(range.FirstRow, out var owner) && owner.ParentRow is null)
                parent = range.FirstRow;

            var ledgerRow = new LedgerRow(row, texts.GetValueOrDefault(LedgerColumn.Number, ""), texts.GetValueOrDefault(LedgerColumn.Chapter, ""),
                texts.GetValueOrDefault(LedgerColumn.Title, ""), texts.GetValueOrDefault(LedgerColumn.Content, ""), lead, supporting,
                texts.GetValueOrDefault(LedgerColumn.Township, ""), deadlineText, dates, parent);
            // A block merged over everything (one task written on several lines) is one task, not a task with sub-items.
            if (parent is { } p && rowsByNumber[p] is var first && first.Title == ledgerRow.Title && first.Content == ledgerRow.Content) continue;
            rows.Add(ledgerRow);
            rowsByNumber[row] = ledgerRow;
        }

        var headers = columns.OrderBy(c => c.Value).Select(c => TextOf(sheet.Cell(headerRow, c.Value))).ToList();
        var title = Enumerable.Range(1, headerRow - 1)
            .Select(r => sheet.Row(r).CellsUsed().Select(TextOf).FirstOrDefault(t => t.Length > 0) ?? "")
            .FirstOrDefault(t => t.Length > 0) ?? "";
        return new LedgerSheet(sheet.Name, headerRow, headers, title, rows, blank);
    }

    private sealed record MergedRange(int FirstRow, int FirstColumn);

    private static Dictionary<(int Row, int Column), MergedRange> MergedCells(IXLWorksheet sheet)
    {
        var map = new Dictionary<(int, int), MergedRange>();
        foreach (var range in sheet.MergedRanges)
        {
            var first = range.RangeAddress.FirstAddress;
            var last = range.RangeAddress.LastAddress;
            var origin = new MergedRange(first.RowNumber, first.ColumnNumber);
            for (var r = first.RowNumber; r <= last.RowNumber; r++)
                for (var c = first.ColumnNumber; c <= last.ColumnNumber; c++)
                    map[(r, c)] = origin;
        }
        return map;
    }

    private readonly record struct CellValue(string Text, DateOnly? Date);

    private static CellValue ValueAt(IXLWorksheet sheet, Dictionary<(int, int), MergedRange> merged, int row, int column)
    {
        var cell = merged.TryGetValue((row, column), out var range) ? sheet.Cell(range.FirstRow, range.FirstColumn) : sheet.Cell(row, column);
        try
        {
            var value = cell.HasFormula ? cell.CachedValue : cell.Value;
            switch (value)
            {
                case DateTime dt:
                    return new CellValue(dt.ToString("yyyy年M月d日"), DateOnly.FromDateTime(dt));
                case double number when cell.Style.DateFormat.Format is { Length: > 0 } f && LooksLikeDateFormat(f) && number is > 36000 and < 80000:
                    var date = DateOnly.FromDateTime(DateTime.FromOADate(number));
                    return new CellValue(date.ToString("yyyy年M月d日"), date);
                case double number:
                    return new CellValue(number.ToString("0.##########"), null);
                default:
                    return new CellValue(Clean(value?.ToString()), null);
            }
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException)
        {
            return new CellValue(Clean(cell.GetFormattedString()), null);
        }
    }

    private static bool LooksLikeDateFormat(string format) => format.Contains('y') || format.Contains('年') || format.Contains('d');

    private static string TextOf(IXLCell cell)
    {
        try
        {
            return Clean(cell.GetFormattedString());
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException)
        {
            return "";
        }
    }

    private static string Clean(string? text) => Spaces().Replace((text ?? "").Replace("\r\n", "\n").Replace('\u3000', ' '), " ").Trim();

    private static string JoinNonEmpty(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}、{b}";

    [GeneratedRegex(@"[ \t]+")] private static partial Regex Spaces();
}
