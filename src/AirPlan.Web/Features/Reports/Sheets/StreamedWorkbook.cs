using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>
/// The 季度进展台账 written forward-only with OpenXmlWriter: the one writer of every report sheet, one plan or all. ClosedXML
/// 0.95 needed over a GB and many seconds for all plans (~560k cells) even unstyled (docs/performance.md), and two writers
/// meant every sheet and its look twice. The look is LedgerStyle's — title, 填报单位/截至日期, bold filled header, borders,
/// wrap, widths, frozen header, auto-filter, A3 landscape one page wide with repeated header rows, red overdue rows — as
/// a small stylesheet of the looks the sheets combine.
/// </summary>
public sealed class StreamedWorkbook : IDisposable
{
    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbookPart;
    private readonly List<(string Name, string PartId)> _sheets = [];
    private readonly List<DefinedName> _names = [];
    private readonly Dictionary<Look, (uint Index, string Text)> _formats = new() { [Look.None] = (0, "0") };
    private readonly List<Look> _looks = [Look.None];

    public StreamedWorkbook(Stream stream)
    {
        _document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        _workbookPart = _document.AddWorkbookPart();
    }

    /// <summary>The cell format index of a look, added to the stylesheet on first use.</summary>
    internal (uint Index, string Text) FormatOf(Look look)
    {
        if (_formats.TryGetValue(look, out var format)) return format;
        format = ((uint)_looks.Count, _looks.Count.ToString(CultureInfo.InvariantCulture));
        _looks.Add(look);
        _formats[look] = format;
        return format;
    }

    /// <summary>A new sheet; widths in characters; rows 1..<paramref name="freezeRows"/> frozen when given.</summary>
    public StreamedSheet AddSheet(string name, IReadOnlyList<double> widths, int? freezeRows)
    {
        var part = _workbookPart.AddNewPart<WorksheetPart>();
        _sheets.Add((name, _workbookPart.GetIdOfPart(part)));
        return new StreamedSheet(this, _sheets.Count - 1, name, OpenXmlWriter.Create(part), widths, freezeRows);
    }

    internal void AddName(string name, int sheetIndex, string text, bool hidden = false) =>
        _names.Add(new DefinedName(text) { Name = name, LocalSheetId = (uint)sheetIndex, Hidden = hidden ? true : null });

    /// <summary>Writes the workbook part (sheets, print titles) and the stylesheet, and closes the package.</summary>
    public void Dispose()
    {
        var workbook = new Workbook(
            new BookViews(new WorkbookView { ActiveTab = 0 }),
            new X.Sheets(_sheets.Select((s, i) => new Sheet { Name = s.Name, SheetId = (uint)i + 1, Id = s.PartId })));
        if (_names.Count > 0) workbook.Append(new DefinedNames(_names));
        _workbookPart.Workbook = workbook;
        _workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = LedgerStyle.Stylesheet(_looks);
        _document.Dispose();
    }
}

/// <summary>
/// One worksheet, written forward: rows in order, each row's cells collected (in any order) and written left to right
/// when the next row starts. Merges, auto-filter and print setup follow the data, as the schema orders them.
/// </summary>
public sealed class StreamedSheet
{
    private static readonly string[] Letters = Enumerable.Range(1, 16384).Select(Letter).ToArray();

    private enum Kind : byte { Blank, Text, Number }

    private struct Slot
    {
        public Kind Kind;
        public Look Look;
        public string? Text;
        public double Number;
    }

    private readonly StreamedWorkbook _workbook;
    private readonly int _index;
    private readonly OpenXmlWriter _writer;
    private readonly List<string> _merges = [];
    private Slot[] _slots = new Slot[32];
    private int _row, _width;
    private double? _height;
    private readonly OpenXmlAttribute[] _two = new OpenXmlAttribute[2], _three = new OpenXmlAttribute[3];
    private static readonly Cell CellElement = new();
    private static readonly InlineString InlineElement = new();
    private static readonly X.Text TextElement = new();
    private static readonly CellValue ValueElement = new();
    private static readonly OpenXmlAttribute[] Preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];

    public string Name { get; }

    private const double ColumnWidthPadding = 0.710625;

    internal StreamedSheet(StreamedWorkbook workbook, int index, string name, OpenXmlWriter writer, IReadOnlyList<double> widths, int? freezeRows)
    {
        _workbook = workbook;
        _index = index;
        Name = name;
        _writer = writer;
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        var view = new SheetView { WorkbookViewId = 0, TabSelected = index == 0 ? true : null };
        if (freezeRows is { } rows)
            view.Append(new Pane
            {
                VerticalSplit = rows, TopLeftCell = $"A{rows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
            });
        writer.WriteElement(new SheetViews(view));
        // Rows without a height of their own (汇总's) are LedgerStyle.DefaultRowHeight, as ClosedXML wrote; without it
        // LibreOffice falls back to its own smaller default and the text touches the borders.
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = LedgerStyle.DefaultRowHeight });
        // The file's width includes the cell padding Excel shows no part of (0.71 of a character): what ClosedXML adds too,
        // so a width of 50 reads as 50 in Excel's column-width box and in ClosedXML.
        writer.WriteElement(new Columns(widths.Select((w, i) =>
            new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w + ColumnWidthPadding, CustomWidth = true })));
        writer.WriteStartElement(new SheetData());
    }

    /// <summary>
    /// Starts row <paramref name="row"/> (after the previous one), <paramref name="width"/> cells wide, each blank with
    /// <paramref name="look"/> until set — a table's empty cells still need their borders.
    /// </summary>
    public void Row(int row, int width, Look look = Look.None, double? height = null)
    {
        Flush();
        if (row <= _row) throw new InvalidOperationException($"rows are written in order: {row} after {_row}");
        _row = row;
        _height = height;
        _width = width;
        if (_slots.Length < width) _slots = new Slot[Math.Max(width, _slots.Length * 2)];
        for (var i = 0; i < width; i++) _slots[i] = new Slot { Kind = Kind.Blank, Look = look };
    }

    public double? Height { set => _height = value; }

    /// <summary>User text, always a literal inline string (never a formula), cut to Excel's limit.</summary>
    public void Text(int column, string? text, Look extra = Look.None)
    {
        ref var slot = ref At(column);
        slot.Kind = Kind.Text;
        slot.Text = text ?? "";
        slot.Look |= extra;
    }

    public void Number(int column, double value, Look extra = Look.Center)
    {
        ref var slot = ref At(column);
        slot.Kind = Kind.Number;
        slot.Number = value;
        slot.Look |= extra;
    }

    /// <summary>A date as Excel's serial day number in the ledger's date format; none is an empty text, </summary>
    public void Date(int column, DateOnly? date)
    {
        if (date is { } d) Number(column, d.ToDateTime(TimeOnly.MinValue).ToOADate(), Look.Date | Look.Center);
        else Text(column, "");
    }

    /// <summary>Adds to the look of a cell (or a blank one) of the current row.</summary>
    public void Style(int column, Look extra) => At(column).Look |= extra;

    private ref Slot At(int column)
    {
        if (column < 1 || column > _width) throw new ArgumentOutOfRangeException(nameof(column), $"column {column} outside the row's {_width}");
        return ref _slots[column - 1];
    }

    public void Merge(int firstRow, int firstColumn, int lastRow, int lastColumn)
    {
        if (firstRow != lastRow || firstColumn != lastColumn) _merges.Add(Range(firstRow, firstColumn, lastRow, lastColumn));
    }

    public static string Range(int firstRow, int firstColumn, int lastRow, int lastColumn) =>
        $"{Letters[firstColumn - 1]}{firstRow}:{Letters[lastColumn - 1]}{lastRow}";

    /// <summary>Title (row 1) and 填报单位 / 截至日期 (row 2) across <paramref name="columns"/>, the ledger's title rows.</summary>
    public void Title(string title, string filler, DateOnly asOf, int columns)
    {
        Row(1, columns, Look.Title, LedgerStyle.TitleHeight);
        Text(1, title);
        Merge(1, 1, 1, columns);
        var half = Math.Max(1, columns / 2);
        var right = Math.Max(half + 1, columns);
        Row(2, right, Look.None, LedgerStyle.InfoHeight);
        Text(1, $"填报单位：{filler}");
        Text(half + 1, $"截至日期：{Core.Formatting.ChineseDate.Format(asOf)}", Look.Right);
        for (var c = half + 2; c <= right; c++) Style(c, Look.Right);
        Merge(2, 1, 2, half);
        Merge(2, half + 1, 2, right);
    }

    /// <summary>A header row: the texts bold on the fill, bordered, LedgerStyle.HeaderHeight high.</summary>
    public void Header(int row, IReadOnlyList<(string Text, double Width)> columns)
    {
        Row(row, columns.Count, Look.Header | Look.Grid, LedgerStyle.HeaderHeight);
        for (var i = 0; i < columns.Count; i++) Text(i + 1, columns[i].Text);
    }

    private void Flush()
    {
        if (_width == 0) return;
        var rowText = _row.ToString(CultureInfo.InvariantCulture);
        if (_height is { } h)
            _writer.WriteStartElement(new X.Row(), [new OpenXmlAttribute("r", "", rowText),
                new OpenXmlAttribute("ht", "", h.ToString("0.##", CultureInfo.InvariantCulture)), new OpenXmlAttribute("customHeight", "", "1")]);
        else _writer.WriteStartElement(new X.Row(), [new OpenXmlAttribute("r", "", rowText)]);
        for (var i = 0; i < _width; i++)
        {
            ref var slot = ref _slots[i];
            var (style, styleText) = _workbook.FormatOf(slot.Look);
            if (slot.Kind == Kind.Blank && style == 0) continue;
            var reference = Letters[i] + rowText;
            switch (slot.Kind)
            {
                case Kind.Blank:
                    _two[0] = new OpenXmlAttribute("r", "", reference);
                    _two[1] = new OpenXmlAttribute("s", "", styleText);
                    _writer.WriteStartElement(CellElement, _two);
                    _writer.WriteEndElement();
                    break;
                case Kind.Number:
                    _two[0] = new OpenXmlAttribute("r", "", reference);
                    _two[1] = new OpenXmlAttribute("s", "", styleText);
                    _writer.WriteStartElement(CellElement, _two);
                    _writer.WriteStartElement(ValueElement);
                    _writer.WriteString(slot.Number.ToString("R", CultureInfo.InvariantCulture));
                    _writer.WriteEndElement();
                    _writer.WriteEndElement();
                    break;
                case Kind.Text:
                    _three[0] = new OpenXmlAttribute("r", "", reference);
                    _three[1] = new OpenXmlAttribute("s", "", styleText);
                    _three[2] = new OpenXmlAttribute("t", "", "inlineStr");
                    _writer.WriteStartElement(CellElement, _three);
                    _writer.WriteStartElement(InlineElement);
                    _writer.WriteStartElement(TextElement, Preserve);
                    _writer.WriteString(Clean(slot.Text!));
                    _writer.WriteEndElement();
                    _writer.WriteEndElement();
                    _writer.WriteEndElement();
                    break;
            }
            slot.Text = null;
        }
        _writer.WriteEndElement();
        _width = 0;
    }

    /// <summary>Cut to Excel's limit and without the control characters XML cannot carry (they would fail the whole file).</summary>
    private static string Clean(string text)
    {
        text = LedgerStyle.Fit(text);
        foreach (var c in text)
            if (c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')
                return string.Concat(text.Where(ch => !(ch < 0x20 && ch is not ('\t' or '\n' or '\r') || ch is '\uFFFE' or '\uFFFF')));
        return text;
    }

    /// <summary>
    /// Ends the sheet: auto-filter over <paramref name="autoFilter"/> when given, merges, A3 landscape one page wide,
    /// rows 1..<paramref name="repeatTo"/> on every page, page numbers in the footer (LedgerStyle's page values).
    /// </summary>
    public void Finish(int repeatTo, string? autoFilter = null)
    {
        Flush();
        _writer.WriteEndElement(); // sheetData
        if (autoFilter is not null)
        {
            _writer.WriteElement(new AutoFilter { Reference = autoFilter });
            _workbook.AddName("_xlnm._FilterDatabase", _index, $"'{Name}'!{Absolute(autoFilter)}", hidden: true);
        }
        if (_merges.Count > 0)
        {
            _writer.WriteStartElement(new MergeCells(), [new OpenXmlAttribute("count", "", _merges.Count.ToString(CultureInfo.InvariantCulture))]);
            foreach (var merge in _merges) _writer.WriteElement(new MergeCell { Reference = merge });
            _writer.WriteEndElement();
        }
        _writer.WriteElement(new PrintOptions { HorizontalCentered = true });
        _writer.WriteElement(new PageMargins
        {
            Left = LedgerStyle.MarginSides, Right = LedgerStyle.MarginSides, Top = LedgerStyle.MarginTopBottom,
            Bottom = LedgerStyle.MarginTopBottom, Header = 0.3, Footer = 0.3,
        });
        // Paper size 8 is A3.
        _writer.WriteElement(new PageSetup { PaperSize = 8, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
        _writer.WriteElement(new HeaderFooter(new OddFooter("&C" + LedgerStyle.Footer)));
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
        _workbook.AddName("_xlnm.Print_Titles", _index, $"'{Name}'!$1:${repeatTo}");
    }

    private static string Absolute(string range) => string.Join(":", range.Split(':').Select(r =>
    {
        var split = r.IndexOfAny("0123456789".ToCharArray());
        return $"${r[..split]}${r[split..]}";
    }));

    private static string Letter(int column)
    {
        var s = "";
        while (column > 0) { var m = (column - 1) % 26; s = (char)('A' + m) + s; column = (column - 1) / 26; }
        return s;
    }
}
