using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Exceptions;

namespace AirPlan.Core.Parsing.Documents;

/// <summary>A glyph on a line: its advance from X0 to X1 (where the next glyph of running text starts).</summary>
internal sealed record PdfGlyph(double X0, double X1, string Value);

/// <summary>A visual line of a page, glyphs left to right.</summary>
internal sealed record PdfLine(int Page, double Y, double Size, IReadOnlyList<PdfGlyph> Glyphs)
{
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            for (var i = 0; i < Glyphs.Count; i++)
            {
                // A visible gap is a space; TextCleaner removes it again where it sits next to Chinese text.
                if (i > 0 && Glyphs[i].X0 - Glyphs[i - 1].X1 > Size * 0.25) sb.Append(' ');
                sb.Append(Glyphs[i].Value);
            }
            return sb.ToString();
        }
    }
}

/// <summary>
/// A PDF plan with a text layer (PdfPig): glyphs grouped into lines by baseline, lines top to bottom, page after page.
/// Running headers and footers (the same line at the top or bottom of most pages, page numbers such as — 3 —,
/// 第3页, - 3 -, 3/20) are dropped; wrapped lines are left as lines, for ParagraphJoiner to rebuild paragraphs exactly as
/// it does for a text file. Flattened task tables are recovered from glyph positions (<see cref="PdfTableFinder"/>).
/// </summary>
internal static partial class PdfReader
{
    public const string Scanned = "该PDF为扫描件，没有可识别的文字，请上传Word版或带文字层的PDF";

    public static PlanDocument Read(byte[] bytes, PlanDocumentLimits limits)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(bytes);
        }
        catch (PdfDocumentEncryptedException)
        {
            return PlanDocument.Refused(PlanDocumentFormat.Pdf, "该PDF已加密，无法读取文字，请上传未加密的PDF或Word版");
        }
        using (pdf)
        {
            if (pdf.NumberOfPages > limits.MaxPages)
                return PlanDocument.Refused(PlanDocumentFormat.Pdf,
                    $"PDF共 {pdf.NumberOfPages} 页，超过上限 {limits.MaxPages} 页（一份实施方案通常在 80 页以内），未读取。请确认文件无误，或拆分后再导入。");

            var pages = new List<List<PdfLine>>();
            var warnings = new List<string>();
            var textless = new List<int>();
            foreach (var page in pdf.GetPages())
            {
                var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)
                    && l.TextOrientation == TextOrientation.Horizontal).ToList();
                if (letters.Count < 5) textless.Add(page.Number);
                pages.Add(Lines(page.Number, letters));
            }
            if (pages.Sum(p => p.Sum(l => l.Glyphs.Count)) < 20)
                return PlanDocument.Refused(PlanDocumentFormat.Pdf, Scanned);
            if (textless.Count > 0)
                warnings.Add($"第{string.Join("、", textless)}页没有文字层（可能是扫描页或图片），其内容未读取，请核对");

            var lines = DropRunningHeadersAndFooters(pages);
            var (texts, tables) = JoinWrappedLines(lines, PdfTableFinder.Find(lines));
            return new PlanDocument
            {
                Format = PlanDocumentFormat.Pdf,
                Lines = texts,
                Tables = tables,
                Pages = pdf.NumberOfPages,
                Warnings = warnings,
            };
        }
    }

    /// <summary>
    /// A line that runs to the right edge of the text block, followed by one that starts at the left edge without the
    /// paragraph indent, was wrapped by the layout, not ended by the author: it is joined, also across a page break. The
    /// text then has the author's lines, as a .txt or .docx of the same plan has, and a wrap that happens to fall after a
    /// 。 does not end the paragraph there. The edges are the outermost line starts and ends that several lines share
    /// (a stray glyph or a hanging number does not move them).
    /// Table lines are left alone; the tables' line numbers follow the joins.
    /// </summary>
    private static (List<string>, List<DocumentTable>) JoinWrappedLines(List<PdfLine> lines, List<DocumentTable> tables)
    {
        var inTable = new bool[lines.Count];
        foreach (var t in tables) for (var i = t.FirstLine - 1; i < t.LastLine; i++) inTable[i] = true;
        var body = lines.Where((_, i) => !inTable[i]).ToList();
        var shared = Math.Max(3, body.Count / 50);
        List<double> Common(IEnumerable<double> xs) =>
            xs.GroupBy(x => Math.Round(x)).Where(g => g.Count() >= shared).Select(g => g.Key).DefaultIfEmpty(0).ToList();
        var right = Common(body.Select(l => l.Glyphs[^1].X1)).Max();
        var starts = Common(body.Select(l => l.Glyphs[0].X0));
        var left = starts.Min();
        var size = body.Select(l => l.Size).DefaultIfEmpty(10).GroupBy(x => Math.Round(x)).MaxBy(g => g.Count())!.Key;
        // Only a document that indents its paragraphs tells a wrapped line from a new paragraph; one that does not (or
        // whose lines are all paragraphs of their own) keeps its lines, and ParagraphJoiner decides as for a .txt.
        var indents = starts.Any(x => x >= left + size * 1.5 && x <= left + size * 2.6);

        var texts = new List<string>();
        var newIndex = new int[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var previous = i > 0 ? lines[i - 1] : null;
            var wrapped = indents && previous is not null && !inTable[i] && !inTable[i - 1]
                && previous.Glyphs[^1].X1 >= right - previous.Size * 2.5
                && Math.Abs(line.Glyphs[0].X0 - left) <= line.Size * 0.5
                // A numbered item starts on a line of its own even where the indent is missing (a unit label such as
                // 配合单位： does not: inside a wrapped （牵头单位：…，配合单位：…） it is a wrap like any other).
                && !StartsNumberedItem(TextCleaner.CleanLine(line.Text));
            if (wrapped)
            {
                var a = texts[^1];
                var b = line.Text;
                texts[^1] = a.Length > 0 && b.Length > 0 && char.IsAsciiLetter(a[^1]) && char.IsAsciiLetter(b[0]) ? a + " " + b : a + b;
            }
            else texts.Add(line.Text);
            newIndex[i] = texts.Count;
        }
        var remapped = tables.Select(t => t with
        {
            FirstLine = newIndex[t.FirstLine - 1],
            LastLine = newIndex[t.LastLine - 1],
            RowLines = t.RowLines.Select(r => newIndex[Math.Clamp(r, 1, lines.Count) - 1]).ToList(),
        }).ToList();
        return (texts, remapped);
    }

    private static bool StartsNumberedItem(string text) =>
        Numbering.Chapter(text).Success || Numbering.Paren(text).Success || Numbering.Arabic(text).Success;

    /// <summary>Letters on one baseline (within 40% of their size) form a line; lines run top to bottom.</summary>
    private static List<PdfLine> Lines(int page, List<Letter> letters)
    {
        var lines = new List<PdfLine>();
        var sorted = letters.OrderByDescending(l => l.StartBaseLine.Y).ThenBy(l => l.StartBaseLine.X).ToList();
        var current = new List<Letter>();
        double y = 0, size = 0;
        foreach (var l in sorted)
        {
            var s = Math.Max(l.PointSize, 1);
            if (current.Count > 0 && Math.Abs(l.StartBaseLine.Y - y) > Math.Max(size, s) * 0.4)
            {
                lines.Add(Line(page, y, size, current));
                current = [];
            }
            if (current.Count == 0) { y = l.StartBaseLine.Y; size = s; }
            current.Add(l);
        }
        if (current.Count > 0) lines.Add(Line(page, y, size, current));
        return lines;
    }

    private static PdfLine Line(int page, double y, double size, List<Letter> letters) =>
        new(page, y, size, letters.OrderBy(l => l.StartBaseLine.X)
            .Select(l => new PdfGlyph(l.StartBaseLine.X, Math.Max(l.EndBaseLine.X, l.StartBaseLine.X + l.Width), l.Value)).ToList());

    /// <summary>
    /// The first two and last two lines of each page are header/footer candidates; one that is a page number, or whose
    /// text (digits aside) recurs on at least half the pages (and three), is layout, not plan text.
    /// </summary>
    private static List<PdfLine> DropRunningHeadersAndFooters(List<List<PdfLine>> pages)
    {
        static string Key(PdfLine l) => Digits().Replace(l.Text.Replace(" ", ""), "#");
        var edges = pages.SelectMany(p => p.Take(2).Concat(p.Skip(Math.Max(2, p.Count - 2)))).ToList();
        var threshold = Math.Max(3, (pages.Count + 1) / 2);
        var recurring = edges.GroupBy(Key).Where(g => g.Count() >= threshold).Select(g => g.Key).ToHashSet();

        var result = new List<PdfLine>();
        foreach (var page in pages)
        {
            for (var i = 0; i < page.Count; i++)
            {
                var edge = i < 2 || i >= page.Count - 2;
                if (edge && (PageNumber().IsMatch(page[i].Text.Trim())
                    || (recurring.Contains(Key(page[i])) && !PdfTableFinder.MayBeTableHeader(page[i])))) continue;
                result.Add(page[i]);
            }
        }
        return result;
    }

    [GeneratedRegex(@"\d+")] private static partial Regex Digits();
    [GeneratedRegex(@"^(?:[-—–－─\s]*[\d０-９]+[-—–－─\s]*|第\s*[\d０-９]+\s*页(?:\s*[，,/]?\s*共\s*[\d０-９]+\s*页)?|[\d０-９]+\s*/\s*[\d０-９]+)$")]
    private static partial Regex PageNumber();
}
