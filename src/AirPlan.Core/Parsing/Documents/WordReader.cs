using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Core.Parsing.Documents;

using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

/// <summary>
/// A .docx plan: the body's paragraphs in order with their automatic numbering as text (<see cref="WordNumbering"/>),
/// tables as tables (one line per row, cells on the grid). Headers, footers, footnotes and text boxes are not the plan's
/// text (a 文件 letterhead, page numbers, a stamp's caption) and are left out; so are deleted revisions and hidden text.
/// </summary>
internal static class WordReader
{
    public static PlanDocument Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        WordprocessingDocument word;
        try
        {
            word = WordprocessingDocument.Open(stream, false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            return PlanDocument.Refused(PlanDocumentFormat.Word,
                "无法打开该Word文件（文件已损坏，或不是 .docx 格式），请用 Word 或 WPS 另存为 .docx 后重新上传");
        }
        using (word)
        {
            var main = word.MainDocumentPart;
            if (main?.Document?.Body is not { } body)
                return PlanDocument.Refused(PlanDocumentFormat.Word, "该Word文件没有正文内容");
            var reader = new Reader(new WordNumbering(main));
            reader.Blocks(body);
            return new PlanDocument { Format = PlanDocumentFormat.Word, Lines = reader.Lines, Tables = reader.Tables };
        }
    }

    private sealed class Reader(WordNumbering numbering)
    {
        public List<string> Lines { get; } = [];
        public List<DocumentTable> Tables { get; } = [];

        public void Blocks(OpenXmlElement container)
        {
            foreach (var element in container.ChildElements)
            {
                switch (element)
                {
                    case Paragraph p:
                        // A soft line break (Shift+Enter) is a line of its own, as it would be in a .txt.
                        Lines.AddRange(ParagraphText(p).Split('\n'));
                        break;
                    case Table t:
                        Table(t);
                        break;
                    // Content controls and custom XML wrap ordinary paragraphs and tables.
                    case SdtBlock sdt when sdt.SdtContentBlock is { } content:
                        Blocks(content);
                        break;
                    case CustomXmlBlock custom:
                        Blocks(custom);
                        break;
                }
            }
        }

        private void Table(Table table)
        {
            var rows = new List<IReadOnlyList<TableCell>>();
            var rowLines = new List<int>();
            var first = Lines.Count + 1;
            foreach (var row in table.Elements<TableRow>())
            {
                var cells = new List<TableCell>();
                var skipped = row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
                for (var i = 0; i < skipped; i++) cells.Add(new TableCell(""));
                var shown = new List<string>();
                foreach (var cell in row.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>())
                {
                    var span = Math.Max(1, cell.TableCellProperties?.GridSpan?.Val?.Value ?? 1);
                    var merge = cell.TableCellProperties?.VerticalMerge;
                    // <w:vMerge/> without a value continues the cell above; "restart" begins a merged cell.
                    var continues = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                    var column = cells.Count;
                    var text = continues
                        ? (rows.Count > 0 && column < rows[^1].Count ? rows[^1][column].Text : "")
                        : CellText(cell);
                    for (var s = 0; s < span; s++) cells.Add(new TableCell(text, continues));
                    if (!continues) shown.Add(text.Replace('\n', ' '));
                    else shown.Add("");
                }
                rows.Add(cells);
                rowLines.Add(Lines.Count + 1);
                Lines.Add(string.Join('\t', shown).TrimEnd('\t'));
            }
            if (rows.Count > 0) Tables.Add(new DocumentTable(first, Lines.Count, rows, rowLines));
        }

        /// <summary>Paragraphs of a cell, one per line (nested tables' text included, text boxes not).</summary>
        private string CellText(DocumentFormat.OpenXml.Wordprocessing.TableCell cell) =>
            string.Join('\n', cell.Descendants<Paragraph>().Where(p => !InTextBox(p)).Select(ParagraphText)).Trim('\n');

        private string ParagraphText(Paragraph p)
        {
            var sb = new StringBuilder(numbering.Next(p));
            foreach (var e in p.Descendants())
            {
                switch (e)
                {
                    case Text t when !Hidden(t) && !InTextBox(t): sb.Append(t.Text); break;
                    case TabChar when !InTextBox(e): sb.Append('\t'); break;
                    case Break br when !InTextBox(e) && (br.Type is null || br.Type.Value == BreakValues.TextWrapping): sb.Append('\n'); break;
                    case CarriageReturn when !InTextBox(e): sb.Append('\n'); break;
                    case NoBreakHyphen when !InTextBox(e): sb.Append('-'); break;
                }
            }
            return sb.ToString();
        }

        private static bool Hidden(OpenXmlElement e) =>
            e.Ancestors<Run>().FirstOrDefault()?.RunProperties?.Vanish is { } v && (v.Val?.Value ?? true);

        private static bool InTextBox(OpenXmlElement e) =>
            e.Ancestors<TextBoxContent>().Any() || e.Ancestors().Any(a => a.LocalName == "txbxContent");
    }
}
