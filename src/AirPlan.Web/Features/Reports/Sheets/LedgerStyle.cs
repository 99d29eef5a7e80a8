using System.Globalization;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Spreadsheet;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>How a report cell looks; combined freely, each combination becomes one cell format of the stylesheet.</summary>
[Flags]
public enum Look
{
    None = 0,
    /// <summary>Thin borders on all sides, wrapped, vertically centred: every cell of a ledger table.</summary>
    Grid = 1,
    Center = 2,
    Right = 4,
    Bold = 8,
    /// <summary>Bold on the header fill, centred both ways, wrapped.</summary>
    Header = 16,
    /// <summary>16 pt bold, centred both ways.</summary>
    Title = 32,
    /// <summary>Red text on the light red fill.</summary>
    Overdue = 64,
    /// <summary>Red text only.</summary>
    RedText = 128,
    Date = 256,
    Percent = 512,
}

/// <summary>
/// The look of a government ledger, in one place: title row, 填报单位/截至日期 line, bold filled header, thin borders,
/// wrapped text, A3 landscape one page wide with the header rows repeated, red overdue rows. The report sheets are
/// written by StreamedWorkbook, which takes its stylesheet (<see cref="Stylesheet"/>), heights and page setup from here;
/// the ledger import template (LedgerTemplate) is a small ClosedXML workbook and applies the same values through the
/// helpers at the end. Column widths are always set by hand: measuring text (ClosedXML's auto-fit) needs fonts that
/// Linux servers lack and throws.
/// </summary>
public static class LedgerStyle
{
    public const string Font = "宋体";
    public const double FontSize = 11, TitleFontSize = 16;
    public const string DateFormat = "yyyy\"年\"m\"月\"d\"日\"";
    public static readonly XLColor HeaderFill = XLColor.FromHtml("#D9E1F2");
    public static readonly XLColor OverdueFont = XLColor.Red;
    public static readonly XLColor OverdueFill = XLColor.FromHtml("#FDE9E7");

    /// <summary>Excel's limit for one cell.</summary>
    public const int MaxCellText = 32767;

    /// <summary>Title (row 1), 填报单位 and 截至日期 (row 2); the header goes in row 3.</summary>
    public const int HeaderRow = 3;

    /// <summary>Heights in points of the title row, the 填报单位/截至日期 row and a header row.</summary>
    public const double TitleHeight = 32, InfoHeight = 20, HeaderHeight = 30;

    /// <summary>A row's height when nothing sets one: one line of 11 pt text (Excel's default for Calibri 11, ClosedXML's).</summary>
    public const double DefaultRowHeight = 15;

    /// <summary>Page margins in inches: narrow at the sides, where an A3 ledger needs the width.</summary>
    public const double MarginSides = 0.4, MarginTopBottom = 0.5;

    public const string Footer = "第 &P 页，共 &N 页";

    /// <summary>Text longer than Excel allows is cut, with an ellipsis saying so.</summary>
    public static string Fit(string text) => text.Length > MaxCellText ? text[..(MaxCellText - 1)] + "…" : text;

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

    private const uint DateFormatId = 164, PercentFormatId = 9;
    private const uint HeaderFillId = 2, OverdueFillId = 3, GridBorderId = 1;

    /// <summary>
    /// The stylesheet of a streamed workbook: fonts, fills and borders by what the looks use, one cell format per look in
    /// the order given (a cell's style index is its look's position in <paramref name="looks"/>; the first is Look.None).
    /// </summary>
    internal static X.Stylesheet Stylesheet(IReadOnlyList<Look> looks)
    {
        var fonts = new List<(bool Bold, double Size, bool Red)>();
        uint FontOf(Look l)
        {
            var key = (l.HasFlag(Look.Bold) || l.HasFlag(Look.Header) || l.HasFlag(Look.Title), l.HasFlag(Look.Title) ? TitleFontSize : FontSize,
                l.HasFlag(Look.Overdue) || l.HasFlag(Look.RedText));
            var i = fonts.IndexOf(key);
            if (i < 0) { fonts.Add(key); i = fonts.Count - 1; }
            return (uint)i;
        }
        FontOf(Look.None);
        var formats = looks.Select(l =>
        {
            var fill = l.HasFlag(Look.Overdue) ? OverdueFillId : l.HasFlag(Look.Header) ? HeaderFillId : 0u;
            var horizontal = l.HasFlag(Look.Center) || l.HasFlag(Look.Header) || l.HasFlag(Look.Title) ? HorizontalAlignmentValues.Center
                : l.HasFlag(Look.Right) ? HorizontalAlignmentValues.Right : (HorizontalAlignmentValues?)null;
            var vertical = l.HasFlag(Look.Grid) || l.HasFlag(Look.Header) || l.HasFlag(Look.Title);
            var wrap = l.HasFlag(Look.Grid) || l.HasFlag(Look.Header);
            var numberFormat = l.HasFlag(Look.Date) ? DateFormatId : l.HasFlag(Look.Percent) ? PercentFormatId : 0u;
            var border = l.HasFlag(Look.Grid) ? GridBorderId : 0u;
            var format = new CellFormat
            {
                NumberFormatId = numberFormat, FontId = FontOf(l), FillId = fill, BorderId = border, FormatId = 0,
                ApplyNumberFormat = numberFormat != 0 ? true : null, ApplyFont = FontOf(l) != 0 ? true : null,
                ApplyFill = fill != 0 ? true : null, ApplyBorder = border != 0 ? true : null,
            };
            if (horizontal is not null || vertical || wrap)
            {
                format.ApplyAlignment = true;
                format.Alignment = new Alignment
                {
                    Horizontal = horizontal, Vertical = vertical ? VerticalAlignmentValues.Center : null, WrapText = wrap ? true : null,
                };
            }
            return format;
        }).ToList();

        static Fill Solid(XLColor color) => new(new PatternFill(new ForegroundColor { Rgb = Argb(color) }, new BackgroundColor { Indexed = 64 })
        { PatternType = PatternValues.Solid });
        static BorderPropertiesType Thin<T>() where T : BorderPropertiesType, new() =>
            new T { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } };
        return new X.Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = DateFormat }) { Count = 1 },
            new Fonts(fonts.Select(f =>
            {
                var font = new X.Font();
                if (f.Bold) font.Append(new Bold());
                font.Append(new X.FontSize { Val = f.Size });
                if (f.Red) font.Append(new Color { Rgb = Argb(OverdueFont) });
                font.Append(new FontName { Val = Font });
                // GB2312: tells Excel the font is a Chinese one, as Excel itself writes 宋体.
                font.Append(new FontCharSet { Val = 134 });
                return font;
            })) { Count = (uint)fonts.Count },
            // Fill ids as HeaderFillId and OverdueFillId; the first two are the ones every stylesheet must start with.
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid(HeaderFill), Solid(OverdueFill)) { Count = 4 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(Thin<LeftBorder>(), Thin<RightBorder>(), Thin<TopBorder>(), Thin<BottomBorder>(), new DiagonalBorder())) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(formats) { Count = (uint)formats.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    private static string Argb(XLColor color) => color.Color.ToArgb().ToString("X8", CultureInfo.InvariantCulture);

    // ClosedXML: only the ledger import template (LedgerTemplate), a two-row example workbook where ClosedXML serves well.
    // The report sheets are streamed (StreamedWorkbook); these apply the same values.

    public static XLWorkbook NewWorkbook()
    {
        var workbook = new XLWorkbook();
        workbook.Style.Font.FontName = Font;
        workbook.Style.Font.FontSize = FontSize;
        return workbook;
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
        sheet.Row(row).Height = HeaderHeight;
        if (freeze) sheet.SheetView.FreezeRows(row);
    }

    /// <summary>Borders, wrapping and the print setup over the finished table; auto-filter on the header when asked.</summary>
    public static void FinishTable(IXLWorksheet sheet, int columns, int lastRow, bool autoFilter = true, int headerRow = HeaderRow)
    {
        lastRow = Math.Max(lastRow, headerRow);
        var table = sheet.Range(headerRow, 1, lastRow, columns);
        // Set on the range as a whole, never cell by cell: ClosedXML 0.95 visits every cell of a range for each property.
        table.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        table.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
        table.Style.Alignment.WrapText = true;
        table.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        if (autoFilter) table.SetAutoFilter();
        PrintSetup(sheet, headerRow);
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
        page.Margins.Left = page.Margins.Right = MarginSides;
        page.Margins.Top = page.Margins.Bottom = MarginTopBottom;
        page.Footer.Center.AddText(Footer);
    }

    /// <summary>
    /// User text, always as literal text: ClosedXML 0.95 turns a string starting with = into a formula when assigned to
    /// Value, and a typed note such as =HYPERLINK(…) must never run in the reader's Excel.
    /// </summary>
    public static IXLCell Text(IXLCell cell, string? text)
    {
        cell.SetValue(Fit(text ?? ""));
        cell.DataType = XLDataType.Text;
        return cell;
    }
}
