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

    /// <summary>Header texts with their widths (in characters), bold on a fill; frozen under the title unless told not to.</summary>
    public static void WriteHeader(IXLWorksheet sheet, IReadOnlyList<(string Text, double Width)> columns, int row = HeaderRow,
        bool freeze = true)
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
        if (freeze) sheet.SheetView.FreezeRows(row);
    }

    /// <summary>Borders, wrapping and the print setup over the finished table; auto-filter on the header when asked.</summary>
    public static void FinishTable(IXLWorksheet sheet, int columns, int lastRow, bool autoFilter = true, int headerRow = HeaderRow)
    {
        lastRow = Math.Max(lastRow, headerRow);
        var table = sheet.Range(headerRow, 1, lastRow, columns);
        Grid(table);
        if (autoFilter) table.SetAutoFilter();
        PrintSetup(sheet, headerRow);
    }

    /// <summary>
    /// Thin borders on every cell, wrapped and vertically centred: set on the table's range as a whole, never cell by
    /// cell. ClosedXML 0.95 still visits each cell of the range for each property, so tables are kept to the cells they
    /// need (乡镇落实情况 per plan) and reports of several plans are streamed instead (StreamedWorkbook).
    /// </summary>
    public static void Grid(IXLRange table)
    {
        table.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        table.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        table.Style.Alignment.WrapText = true;
        table.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
    }

    /// <summary>A3 landscape, one page wide, rows 1..<paramref name="repeatTo"/> repeated on every page, page numbers.</summary>
    public static void PrintSetup(IXLWorksheet sheet, int repeatTo)
    {
        var page = sheet.PageSetup;
        page.PaperSize = XLPaperSize.A3Paper;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.FitToPages(1, 0);
        // ClosedXML 0.95 writes print titles as 任务明细!1:3, which LibreOffice ignores; the quoted absolute form is what
        // Excel itself writes and both read.
        sheet.NamedRanges.Add("_xlnm.Print_Titles", $"'{sheet.Name}'!$1:${repeatTo}");
        page.CenterHorizontally = true;
        page.Margins.Left = page.Margins.Right = 0.4;
        page.Margins.Top = page.Margins.Bottom = 0.5;
        page.Footer.Center.AddText(Footer);
    }

    public const string Footer = "第 &P 页，共 &N 页";

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

    public const double LineHeight = 14.5, RowPadding = 4, MaxRowHeight = 409;

    /// <summary>Lines a text takes in a column of the given width: a CJK character is two width units, others one.</summary>
    public static int LinesOf(string text, double columnWidth)
    {
        var usable = Math.Max(1, columnWidth - 1);
        var lines = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var units = 0.0;
            foreach (var c in line) units += c > 0x2E80 ? 2.0 : 1.0;
            lines += Math.Max(1, (int)Math.Ceiling(units / usable));
        }
        return Math.Max(1, lines);
    }

    /// <summary>Red text on a light red fill, set once for a whole run of rows (or one cell's style).</summary>
    public static void MarkOverdue(IXLStyle style) =>
        style.Font.SetFontColor(OverdueFont).Fill.SetBackgroundColor(OverdueFill);
}
