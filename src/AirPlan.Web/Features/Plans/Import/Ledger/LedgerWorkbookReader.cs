using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing.Ledger;
using DocumentFormat.OpenXml.Packaging;

namespace AirPlan.Web.Features.Plans.Import.Ledger;

/// <summary>What was found in the workbook: the rows (merged cells filled in, blank rows dropped) and the header.</summary>
public sealed record LedgerSheet(string SheetName, int HeaderRow, IReadOnlyList<string> Headers, string TitleText,
    IReadOnlyList<LedgerRow> Rows, int BlankRowsSkipped);

/// <summary>A workbook that cannot be read at all, or is beyond the reader's limits; the message is for the user.</summary>
public sealed class LedgerFormatException(string message) : DomainException(message);

/// <summary>
/// Finds the task table in an .xlsx: the header row (not necessarily row 1) by its Chinese column names, then every row
/// beneath it. Merged cells give every row they span the top-left value; a row whose 序号 is merged with an earlier
/// row's is a sub-item of that row.
/// <para>
/// The workbook is streamed, never loaded: a 2 MB file of 100,000 rows took ClosedXML minutes and gigabytes, and one
/// 200-million-character cell took it to 1.9 GB. The worksheet and the shared strings are read with an XmlReader (the
/// reader under OpenXmlReader, used directly because OpenXmlReader.GetText materialises a whole text node, and
/// ReadValueChunk does not), and reading stops at the first limit below; a refused file imports nothing.
/// </para>
/// </summary>
public static partial class LedgerWorkbookReader
{
    /// <summary>Task rows below the header (a real ledger has a few hundred).</summary>
    public const int MaxRows = 5000;
    /// <summary>Characters in one cell of a recognised column (a long 具体措施 is under 1,000).</summary>
    public const int MaxCellCharacters = 4000;
    /// <summary>Characters in all the table's cells together: 5,000 rows of long text, and no more.</summary>
    public const int MaxTotalCharacters = 5_000_000;
    /// <summary>Columns read; a ledger has about ten, and cells further right are ignored unread.</summary>
    private const int MaxColumns = 100;
    private const int HeaderSearchRows = 30;

    public const string NotExcel = "文件不是有效的 Excel 工作簿（.xlsx），无法读取。请确认上传的是用 Excel 或 WPS 保存的 .xlsx 文件（可下载导入模板对照）。";
    public static string TooManyRows(int row) => $"台账最多 {MaxRows} 行任务，第 {row} 行起未读取，未导入。请拆分为多个文件后再导入。";
    public static string CellTooLong(int row, string header) => $"第 {row} 行“{header}”超过 {MaxCellCharacters} 字，未导入。请精简该单元格后再导入。";
    public static readonly string TooMuchText = $"台账文字总量超过 {MaxTotalCharacters} 字，未导入。请拆分为多个文件后再导入。";

    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static LedgerSheet Read(byte[] content)
    {
        if (content.Length >= 4 && content[0] == 0xD0 && content[1] == 0xCF && content[2] == 0x11 && content[3] == 0xE0)
            throw new LedgerFormatException("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再导入。");
        // An .xlsx is a ZIP package; anything else renamed to .xlsx is refused before the package reader sees it.
        if (content.Length < 4 || content[0] != 'P' || content[1] != 'K' || content[2] != 3 || content[3] != 4)
            throw new LedgerFormatException(NotExcel);

        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new LedgerFormatException(NotExcel);
        }
        using (document)
        {
            try
            {
                return ReadWorkbook(document);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or OpenXmlPackageException or FileFormatException
                                          or FormatException or OverflowException or InvalidOperationException)
            {
                throw new LedgerFormatException(NotExcel);
            }
        }
    }

    private static LedgerSheet ReadWorkbook(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart ?? throw new LedgerFormatException(NotExcel);
        var dateStyles = DateStyles(workbook.WorkbookStylesPart);
        // The app's own export keeps its tasks on 任务明细; other ledgers have one sheet or the table on the first.
        var sheets = Sheets(workbook).Select((s, i) => (s.Name, s.Id, Position: i)).OrderBy(s => s.Name == "任务明细" ? 0 : 1).ThenBy(s => s.Position);
        foreach (var (name, id, _) in sheets)
        {
            if (!workbook.TryGetPartById(id, out var found) || found is not WorksheetPart part) continue;
            // First only the rows a header may be in; then, knowing the columns, the table, bounded.
            var top = SheetReader.Read(part, dateStyles, lastRow: HeaderSearchRows, header: null);
            var topValues = Resolve(top, workbook.SharedStringTablePart, []);
            if (FindHeader(topValues) is not { } header) continue;
            var (headerRow, columns) = header;

            var headerOfColumn = columns.Values.ToDictionary(c => c, c => topValues[headerRow][c].Text);
            var table = SheetReader.Read(part, dateStyles, lastRow: int.MaxValue, header: (headerRow, headerOfColumn));
            if (table.StoppedAtRow is { } stopped) throw new LedgerFormatException(TooManyRows(stopped));
            if (table.TooMuchText) throw new LedgerFormatException(TooMuchText);
            // A shared string that is too long where a task column uses it refuses the file the moment it is met.
            var firstUse = new Dictionary<int, string>();
            foreach (var (row, cells) in table.Rows.Where(r => r.Key > headerRow))
                foreach (var (column, cell) in cells)
                    if (cell.SharedString >= 0 && headerOfColumn.TryGetValue(column, out var columnName)) firstUse.TryAdd(cell.SharedString, CellTooLong(row, columnName));
            var values = Resolve(table, workbook.SharedStringTablePart, firstUse);
            return ReadRows(name, topValues, values, table.Merges, headerRow, columns);
        }
        throw new LedgerFormatException("未找到任务表头：请确认表格中有「任务名称」（或「任务内容」）以及「牵头单位」或「责任单位」等列，可下载导入模板对照。");
    }

    private static (int Row, Dictionary<LedgerColumn, int> Columns)? FindHeader(SortedDictionary<int, SortedDictionary<int, CellValue>> rows)
    {
        foreach (var (row, cells) in rows)
        {
            var columns = new Dictionary<LedgerColumn, int>();
            foreach (var (column, cell) in cells)
                if (!cell.TooLong && LedgerColumns.Recognise(cell.Text) is { } c) columns.TryAdd(c, column);
            var hasTask = columns.ContainsKey(LedgerColumn.Title) || columns.ContainsKey(LedgerColumn.Content);
            var hasUnit = columns.ContainsKey(LedgerColumn.Lead) || columns.ContainsKey(LedgerColumn.Responsible)
                || columns.ContainsKey(LedgerColumn.Supporting);
            if (hasTask && hasUnit) return (row, columns);
        }
        return null;
    }

    private static LedgerSheet ReadRows(string sheetName, SortedDictionary<int, SortedDictionary<int, CellValue>> top,
        SortedDictionary<int, SortedDictionary<int, CellValue>> cells, List<CellRange> merges, int headerRow, Dictionary<LedgerColumn, int> columns)
    {
        var headerTexts = top[headerRow];
        var headerOf = columns.ToDictionary(c => c.Key, c => headerTexts[c.Value].Text);
        var lastRow = cells.Where(r => r.Value.Values.Any(v => v.Text.Length > 0 || v.TooLong)).Select(r => r.Key).DefaultIfEmpty(headerRow).Max();

        // Merges matter only where they cover a recognised column below the header; expanding just those keeps a
        // hostile A1:XFD1048576 from costing anything.
        var recognised = columns.Values.ToHashSet();
        var merged = new Dictionary<(int Row, int Column), CellRange>();
        foreach (var range in merges)
            for (var r = Math.Max(range.FirstRow, headerRow + 1); r <= Math.Min(range.LastRow, lastRow); r++)
                foreach (var c in recognised)
                    if (c >= range.FirstColumn && c <= range.LastColumn) merged[(r, c)] = range;

        CellValue ValueAt(int row, LedgerColumn column)
        {
            var c = columns[column];
            var (r, col) = merged.TryGetValue((row, c), out var range) ? (range.FirstRow, range.FirstColumn) : (row, c);
            var value = cells.TryGetValue(r, out var rowCells) && rowCells.TryGetValue(col, out var v) ? v : default;
            if (value.TooLong) throw new LedgerFormatException(CellTooLong(row, headerOf[column]));
            return value with { Text = value.Text ?? "" };
        }

        var candidateRows = cells.Keys.Concat(merged.Keys.Select(k => k.Row)).Where(r => r > headerRow && r <= lastRow).Distinct().Order();
        var rows = new List<LedgerRow>();
        var rowsByNumber = new Dictionary<int, LedgerRow>();
        var nonBlank = 0;
        foreach (var row in candidateRows)
        {
            var texts = columns.Keys.ToDictionary(c => c, c => ValueAt(row, c).Text);
            if (texts.Values.All(t => t.Length == 0)) continue;
            nonBlank++;

            var responsible = texts.GetValueOrDefault(LedgerColumn.Responsible, "");
            var hasLeadColumn = columns.ContainsKey(LedgerColumn.Lead);
            var lead = hasLeadColumn ? texts[LedgerColumn.Lead] : responsible;
            var supporting = JoinNonEmpty(texts.GetValueOrDefault(LedgerColumn.Supporting, ""), hasLeadColumn ? responsible : "");

            var dates = new List<DateOnly>();
            var deadlineText = "";
            if (columns.ContainsKey(LedgerColumn.Deadline))
            {
                var value = ValueAt(row, LedgerColumn.Deadline);
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

        var headers = columns.OrderBy(c => c.Value).Select(c => headerTexts[c.Value].Text).ToList();
        var title = top.Where(r => r.Key < headerRow)
            .Select(r => r.Value.Values.Select(v => v.TooLong ? "" : v.Text).FirstOrDefault(t => t.Length > 0) ?? "")
            .FirstOrDefault(t => t.Length > 0) ?? "";
        return new LedgerSheet(sheetName, headerRow, headers, title, rows, lastRow - headerRow - nonBlank);
    }

    private readonly record struct CellValue(string Text, DateOnly? Date, bool TooLong);

    private sealed record CellRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn);

    /// <summary>A cell as stored in the sheet: its text (capped), or the index of a shared string not yet read.</summary>
    private readonly record struct RawCell(string? Text, int SharedString, bool IsDate, bool TooLong);

    private sealed class RawSheet
    {
        public SortedDictionary<int, SortedDictionary<int, RawCell>> Rows { get; } = [];
        public List<CellRange> Merges { get; } = [];
        /// <summary>The sheet row of the first task row beyond <see cref="MaxRows"/>; nothing after it was read.</summary>
        public int? StoppedAtRow { get; set; }
        public bool TooMuchText { get; set; }
    }

    /// <summary>Gives every cell its text: shared strings are read now, only those the cells use, each capped.</summary>
    /// <param name="refusals">For shared strings a task column uses: the refusal to throw, without reading on, if one is too long.</param>
    private static SortedDictionary<int, SortedDictionary<int, CellValue>> Resolve(RawSheet sheet, SharedStringTablePart? sharedStrings,
        Dictionary<int, string> refusals)
    {
        var needed = sheet.Rows.Values.SelectMany(r => r.Values).Where(c => c.SharedString >= 0).Select(c => c.SharedString).ToHashSet();
        var strings = needed.Count == 0 || sharedStrings is null ? [] : ReadSharedStrings(sharedStrings, needed, refusals);
        var total = 0L;
        var result = new SortedDictionary<int, SortedDictionary<int, CellValue>>();
        foreach (var (row, cells) in sheet.Rows)
        {
            var resolved = new SortedDictionary<int, CellValue>();
            foreach (var (column, cell) in cells)
            {
                var (text, tooLong) = cell.SharedString >= 0 ? strings.GetValueOrDefault(cell.SharedString, ("", false)) : (cell.Text ?? "", cell.TooLong);
                total += text.Length;
                if (total > MaxTotalCharacters) throw new LedgerFormatException(TooMuchText);
                resolved[column] = Interpret(text, cell.IsDate && cell.SharedString < 0, tooLong);
            }
            result[row] = resolved;
        }
        return result;
    }

    private static CellValue Interpret(string raw, bool isDateNumber, bool tooLong)
    {
        if (tooLong) return new CellValue("", null, true);
        if (isDateNumber && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var oa) && oa is > 0 and < 2958466)
        {
            var date = DateOnly.FromDateTime(DateTime.FromOADate(oa));
            return new CellValue(date.ToString("yyyy年M月d日"), date, false);
        }
        return new CellValue(Clean(raw), null, false);
    }

    /// <summary>The shared strings in <paramref name="needed"/>, each capped at the cell limit; the rest are passed over unkept.</summary>
    private static Dictionary<int, (string Text, bool TooLong)> ReadSharedStrings(SharedStringTablePart part, HashSet<int> needed,
        Dictionary<int, string> refusals)
    {
        var result = new Dictionary<int, (string, bool)>();
        using var reader = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), ReaderSettings);
        var index = -1;
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si" || reader.NamespaceURI != MainNs) continue;
            index++;
            if (!needed.Contains(index))
            {
                SkipElement(reader);
                continue;
            }
            text.Clear();
            var refusal = refusals.GetValueOrDefault(index);
            // The last string wanted is not read past the limit: nothing after it is needed (Excel numbers shared strings
            // in order of use, so a long title or stray cell is usually the last one the header search wants).
            var last = result.Count + 1 == needed.Count;
            var tooLong = ReadStringItem(reader, text, refusal, drain: !last);
            result[index] = (tooLong ? "" : text.ToString(), tooLong);
            if (result.Count == needed.Count) break;
        }
        return result;
    }

    /// <summary>
    /// The text of an &lt;si&gt; or &lt;is&gt; item: its &lt;t&gt; and its rich-text runs' &lt;t&gt;, not the phonetic
    /// guide (&lt;rPh&gt;). Stops keeping characters past the limit and reports it.
    /// </summary>
    private static bool ReadStringItem(XmlReader reader, StringBuilder text, string? refusal = null, bool drain = true)
    {
        if (reader.IsEmptyElement) return false;
        var depth = reader.Depth;
        var tooLong = false;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.LocalName == "rPh") { SkipElement(reader); continue; }
            if (reader.LocalName == "t") tooLong |= ReadCappedText(reader, text, refusal, drain);
            if (tooLong && !drain) return true;
        }
        return tooLong;
    }

    /// <summary>Moves past the current element, leaving the reader on its last node (the caller's loop reads on).</summary>
    private static void SkipElement(XmlReader reader)
    {
        if (reader.IsEmptyElement) return;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)) { }
    }

    [ThreadStatic] private static char[]? _chunk;

    /// <summary>
    /// Appends the element's text to <paramref name="text"/> up to <see cref="MaxCellCharacters"/> + 1 characters, in
    /// chunks, so a text node of any length never exists as one string; true when it was longer. Leaves the reader on
    /// the element's end. With a <paramref name="refusal"/>, a text past the limit is refused there and nothing more is read.
    /// </summary>
    /// <param name="drain">False when the caller reads nothing more: a text past the limit is then left where it is.</param>
    private static bool ReadCappedText(XmlReader reader, StringBuilder text, string? refusal = null, bool drain = true)
    {
        if (reader.IsEmptyElement) return false;
        var chunk = _chunk ??= new char[4096];
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)) continue;
            int read;
            while ((read = reader.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                var room = MaxCellCharacters + 1 - text.Length;
                if (room > 0) text.Append(chunk, 0, Math.Min(read, room));
                if (text.Length > MaxCellCharacters)
                {
                    if (refusal is not null) throw new LedgerFormatException(refusal);
                    // Not refused yet (a column no task uses, or a title): the XML reader passes over the rest in its
                    // buffer, and nothing keeps it.
                    if (drain) SkipToEnd(reader, depth);
                    return true;
                }
            }
        }
        return false;
    }

    private static void SkipToEnd(XmlReader reader, int depth)
    {
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)) { }
    }

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>Streams one worksheet's cells (up to <see cref="MaxColumns"/>) and merges; see <see cref="Read"/>.</summary>
    private static class SheetReader
    {
        /// <param name="lastRow">Rows after it are not read (the header search).</param>
        /// <param name="header">When reading the table: the header row and its recognised columns; only columns up to the
        /// rightmost of them are kept, and the row and text limits apply.</param>
        public static RawSheet Read(WorksheetPart part, HashSet<int> dateStyles, int lastRow, (int Row, Dictionary<int, string> Columns)? header)
        {
            var sheet = new RawSheet();
            var maxColumn = header is { } h ? Math.Min(h.Columns.Keys.Max(), MaxColumns) : MaxColumns;
            using var reader = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), ReaderSettings);
            var row = 0;
            var column = 0;
            var taskRows = 0;
            var characters = 0L;
            SortedDictionary<int, RawCell>? cells = null;
            var text = new StringBuilder();

            bool EndRow()
            {
                if (cells is null) return true;
                var hasContent = cells.Values.Any(c => c.SharedString >= 0 || c.TooLong || c.Text is { Length: > 0 });
                if (hasContent && header is { } hd && row > hd.Row && ++taskRows > MaxRows)
                {
                    sheet.StoppedAtRow = row;
                    return false;
                }
                if (cells.Count > 0) sheet.Rows[row] = cells;
                cells = null;
                return true;
            }

            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "row")
                {
                    if (!EndRow()) return sheet;
                    continue;
                }
                if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != MainNs) continue;
                switch (reader.LocalName)
                {
                    case "row":
                        if (!EndRow()) return sheet;
                        row = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                        column = 0;
                        if (row > lastRow) return sheet;
                        cells = [];
                        if (reader.IsEmptyElement && !EndRow()) return sheet;
                        break;

                    case "c" when cells is not null:
                        column = ColumnOf(reader.GetAttribute("r")) ?? column + 1;
                        if (column > maxColumn) { SkipElement(reader); break; }
                        var type = reader.GetAttribute("t");
                        var isDate = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var style) && dateStyles.Contains(style);
                        if (reader.IsEmptyElement) break;
                        // An inline string too long for a task column below the header refuses the file there.
                        var refusal = header is { } hc && row > hc.Row && hc.Columns.TryGetValue(column, out var name) ? CellTooLong(row, name) : null;
                        var cell = ReadCell(reader, type, isDate, text, refusal);
                        if (cell is not { } c) break;
                        cells[column] = c;
                        characters += c.Text?.Length ?? 0;
                        if (header is not null && characters > MaxTotalCharacters)
                        {
                            sheet.TooMuchText = true;
                            return sheet;
                        }
                        break;

                    case "mergeCell":
                        if (ParseRange(reader.GetAttribute("ref")) is { } range) sheet.Merges.Add(range);
                        break;
                }
            }
            EndRow();
            return sheet;
        }

        /// <summary>Reads a &lt;c&gt; (reader on its start) to its end: the value, an inline string, or a shared-string index.</summary>
        private static RawCell? ReadCell(XmlReader reader, string? type, bool isDate, StringBuilder text, string? refusal)
        {
            var depth = reader.Depth;
            RawCell? result = null;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "v":
                        text.Clear();
                        var tooLong = ReadCappedText(reader, text, refusal);
                        var value = tooLong ? "" : text.ToString();
                        result = type switch
                        {
                            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                                ? new RawCell(null, index, false, false) : null,
                            "b" => new RawCell(value == "1" ? "True" : "False", -1, false, false),
                            "d" => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
                                ? new RawCell(dt.ToOADate().ToString(CultureInfo.InvariantCulture), -1, true, false) : new RawCell(value, -1, false, tooLong),
                            null or "n" when !tooLong && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
                                new RawCell(isDate ? value : number.ToString("0.##########"), -1, isDate, false),
                            _ => new RawCell(value, -1, false, tooLong),
                        };
                        break;
                    case "is":
                        text.Clear();
                        var inlineTooLong = ReadStringItem(reader, text, refusal);
                        result = new RawCell(inlineTooLong ? "" : text.ToString(), -1, false, inlineTooLong);
                        break;
                    default:
                        SkipElement(reader);   // <f> and <extLst>: the cached <v> is what the user sees
                        break;
                }
            }
            return result;
        }
    }

    private static IEnumerable<(string Name, string Id)> Sheets(WorkbookPart workbook)
    {
        using var reader = XmlReader.Create(workbook.GetStream(FileMode.Open, FileAccess.Read), ReaderSettings);
        var sheets = new List<(string, string)>();
        while (reader.Read())
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.NamespaceURI == MainNs
                && reader.GetAttribute("id", RelNs) is { } id)
                sheets.Add((reader.GetAttribute("name") ?? "", id));
        return sheets;
    }

    /// <summary>Indexes of the cell formats (cellXfs) whose number format shows a date: those numbers are dates.</summary>
    private static HashSet<int> DateStyles(WorkbookStylesPart? styles)
    {
        var result = new HashSet<int>();
        if (styles is null) return result;
        var customDate = new HashSet<int>();
        using var reader = XmlReader.Create(styles.GetStream(FileMode.Open, FileAccess.Read), ReaderSettings);
        var inCellXfs = false;
        var index = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs") inCellXfs = false;
            if (reader.NodeType != XmlNodeType.Element) continue;
            switch (reader.LocalName)
            {
                case "numFmt" when int.TryParse(reader.GetAttribute("numFmtId"), out var id) && LooksLikeDateFormat(reader.GetAttribute("formatCode") ?? ""):
                    customDate.Add(id);
                    break;
                case "cellXfs":
                    inCellXfs = !reader.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var format = int.TryParse(reader.GetAttribute("numFmtId"), out var f) ? f : 0;
                    if (IsBuiltInDate(format) || customDate.Contains(format)) result.Add(index);
                    index++;
                    break;
            }
        }
        return result;
    }

    /// <summary>Excel's built-in date formats (14–17, 22, and the East Asian 27–36, 50–58); times are not dates.</summary>
    private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 17) or 22 or (>= 27 and <= 36) or (>= 50 and <= 58);

    /// <summary>yyyy"年"m"月"d"日", yyyy-mm-dd …; quoted text and [colour]/[locale] sections are not format letters.</summary>
    private static bool LooksLikeDateFormat(string format)
    {
        var letters = FormatLiterals().Replace(format, "");
        return letters.Contains('y') || letters.Contains('Y') || letters.Contains('年') || letters.Contains('d') || letters.Contains('D');
    }

    /// <summary>B12 → 2 (the column); null when the reference is missing or odd, and the cell is taken to follow the previous one.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > 16384) return null;
        }
        return i == 0 ? null : column;
    }

    private static int? RowOf(string reference)
    {
        var digits = reference.AsSpan().TrimStart("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$");
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row : null;
    }

    private static CellRange? ParseRange(string? reference)
    {
        var parts = (reference ?? "").Replace("$", "").Split(':');
        if (parts.Length != 2) return null;
        if (ColumnOf(parts[0]) is not { } c1 || RowOf(parts[0]) is not { } r1 || ColumnOf(parts[1]) is not { } c2 || RowOf(parts[1]) is not { } r2) return null;
        return new CellRange(Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2));
    }

    private static string Clean(string? text) => Spaces().Replace((text ?? "").Replace("\r\n", "\n").Replace('\u3000', ' '), " ").Trim();

    private static string JoinNonEmpty(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}、{b}";

    [GeneratedRegex(@"[ \t]+")] private static partial Regex Spaces();
    [GeneratedRegex(@"""[^""]*""|\[[^\]]*\]|\\.")] private static partial Regex FormatLiterals();
}
