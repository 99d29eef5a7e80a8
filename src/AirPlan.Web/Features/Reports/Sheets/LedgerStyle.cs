using AirPlan.Core.Formatting;
using ClosedXML.Excel;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>
/// The look of a government ledger shared by every sheet: title row, 填报单位/截至日期 line, bold filled header, thin
/// borders, wrapped text, A3 landscape. Column widths are always set here by hand: measuring text (ClosedXML's auto-fit)
/// needs fonts that Linux servers lack and throws.
/// </summary>
public static class LedgerStyle
{
    public const string Font = "宋体";
    public const string DateFormat = "yyyy\"年\"m\"月\"d\"日\"";
    public static readonly XLColor HeaderFill = XLColor.FromHtml("#D9E1F2");
    public static readonly XLColor OverdueFont = XLColor.Red;
    public static readonly XLColor OverdueFill = XLColor.FromHtml("#FDE9E7");
    /// <summary>Excel's limit for one cell.</summary>
    private const int MaxCellText = 32767;

    public static XLWorkbook NewWorkbook()
    {
        var workbook = new XLWorkbook();
        workbook.Style.Font.FontName = Font;
        workbook.Style.Font.FontSize = 11;
        return workbook;
    }

    /// <summary>Title (row 1), 填报单位 and 截至日期 (row 2); the header goes in row 3.</summary>
    public const int HeaderRow = 3;

    public static void WriteTitle(IXLWorksheet sheet, string title, string filler, DateOnly asOf, int columns)
    {
        var titleRange = sheet.Range(1, 1, 1, columns).Merge();
        Text(titleRange.FirstCell(), title);
        titleRange.Style.Font.FontSize = 16;
        titleRange.Style.Font.Bold = true;
        titleRange.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        titleRange.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        sheet.Row(1).Height = 32;

        var half = Math.Max(1, columns / 2);
        var left = sheet.Range(2, 1, 2, half).Merge();
        Text(left.FirstCell(), $"填报单位：{filler}");
        var right = sheet.Range(2, half + 1, 2, Math.Max(half + 1, columns)).Merge();
        Text(right.FirstCell(), $"截至日期：{ChineseDate.Format(asOf)}");
        right.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
        sheet.Row(2).Height = 20;
    }

    /// <summary>Header texts with their widths (in characters), bold on a fill, frozen under the title.</summary>
    public static void WriteHeader(IXLWorksheet sheet, IReadOnlyList<(string Text, double Width)> columns, int row = HeaderRow)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            Text(sheet.Cell(row, i + 1), columns[i].Text);
            sheet.Column(i + 1).Width = columns[i].Width;
        }
        var header = sheet.Range(row, 1, row, columns.Count);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = HeaderFill;
        header.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        header.Style.Alignment.WrapText = true;
        sheet.Row(row).Height = 30;
        sheet.SheetView.FreezeRows(row);
    }

    /// <summary>Borders, wrapping and the print setup over the finished table; auto-filter on the header when asked.</summary>
    public static void FinishTable(IXLWorksheet sheet, int columns, int lastRow, bool autoFilter = true, int headerRow = HeaderRow)
    {
        lastRow = Math.Max(lastRow, headerRow);
        var table = sheet.Range(headerRow, 1, lastRow, columns);
        table.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        table.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        table.Style.Alignment.WrapText = true;
        table.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        if (autoFilter) table.SetAutoFilter();

        var page = sheet.PageSetup;
        page.PaperSize = XLPaperSize.A3Paper;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.FitToPages(1, 0);
        // ClosedXML 0.95 writes print titles as 任务明细!1:3, which LibreOffice ignores; the quoted absolute form is what
        // Excel itself writes and both read.
        sheet.NamedRanges.Add("_xlnm.Print_Titles", $"'{sheet.Name}'!$1:${headerRow}");
        page.CenterHorizontally = true;
        page.Margins.Left = page.Margins.Right = 0.4;
        page.Margins.Top = page.Margins.Bottom = 0.5;
        page.Footer.Center.AddText("第 &P 页，共 &N 页");
    }

    /// <summary>
    /// User text, always as literal text: ClosedXML 0.95 turns a string starting with = into a formula when assigned to
    /// Value, and a typed note such as =HYPERLINK(…) must never run in the reader's Excel.
    /// </summary>
    public static IXLCell Text(IXLCell cell, string? text)
    {
        text ??= "";
        if (text.Length > MaxCellText) text = text[..(MaxCellText - 1)] + "…";
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        return cell;
    }

    public static IXLCell Date(IXLCell cell, DateOnly? date)
    {
        if (date is not { } d) return Text(cell, "");
        cell.SetValue(d.ToDateTime(TimeOnly.MinValue));
        cell.Style.DateFormat.Format = DateFormat;
        cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        return cell;
    }

    public static IXLCell Number(IXLCell cell, double value, string? format = null)
    {
        cell.SetValue(value);
        if (format is not null) cell.Style.NumberFormat.Format = format;
        cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        return cell;
    }

    /// <summary>
    /// Row heights for wrapped text, estimated from character counts: neither Excel nor LibreOffice re-measures rows of a
    /// generated file, and measuring fonts is unavailable on Linux. A CJK character is taken as two width units, other
    /// characters as one; a merged cell's lines are shared by the rows it spans.
    /// </summary>
    public static void FitRowHeights(IXLWorksheet sheet, int firstRow, int lastRow, int columns)
    {
        const double lineHeight = 14.5, padding = 4, maxHeight = 409;
        for (var row = firstRow; row <= lastRow; row++)
        {
            var lines = 1.0;
            // Only the cells that hold something: an empty cell counts as one line, which `lines` starts at anyway, and
            // sheet.Cell(row, column) would create every empty cell of a wide sheet (乡镇落实情况 for all plans has ~1,600
            // township columns × ~6,000 rows).
            foreach (var cell in sheet.Row(row).CellsUsed())
            {
                var column = cell.Address.ColumnNumber;
                if (column > columns) continue;
                var span = 1;
                var width = sheet.Column(column).Width;
                if (cell.IsMerged())
                {
                    var range = cell.MergedRange();
                    if (range.FirstCell().Address.RowNumber != row || range.FirstCell().Address.ColumnNumber != column) continue;
                    span = range.RowCount();
                    width = Enumerable.Range(column, range.ColumnCount()).Sum(c => sheet.Column(c).Width);
                }
                if (cell.DataType != XLDataType.Text) continue;
                lines = Math.Max(lines, (double)LinesOf(cell.GetString(), width) / span);
            }
            sheet.Row(row).Height = Math.Min(maxHeight, Math.Ceiling(lines) * lineHeight + padding);
        }
    }

    private static int LinesOf(string text, double columnWidth)
    {
        var usable = Math.Max(1, columnWidth - 1);
        return text.Split('\n').Sum(line => Math.Max(1, (int)Math.Ceiling(line.Sum(c => c > 0x2E80 ? 2.0 : 1.0) / usable)));
    }

    public static void MarkOverdue(IXLRange range)
    {
        range.Style.Font.FontColor = OverdueFont;
        range.Style.Fill.BackgroundColor = OverdueFill;
    }
}
