using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Web.Features.Chasing;

/// <summary>
/// The look of a printed government document (GB/T 9704 党政机关公文格式, as far as a notice and a bulletin need it), shared
/// by the 督办单 and 通报 writers: A4, margins 37/35/28/26 mm, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 on a fixed
/// 28.95 pt line, headings in 黑体, numbers and Latin text in Times New Roman. Computers without those fonts substitute
/// their own Song/Fangsong; the layout is kept because sizes and line heights are fixed.
/// </summary>
internal sealed class OfficialDocx : IDisposable
{
    public const string TitleFont = "方正小标宋简体";
    public const string BodyFont = "仿宋_GB2312";
    public const string HeadingFont = "黑体";
    private const string LatinFont = "Times New Roman";

    /// <summary>Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.</summary>
    public const int Size2 = 44, Size3 = 32, Size4 = 28, SizeSmall4 = 24, Size5 = 21;

    private readonly MemoryStream _stream = new();
    private readonly WordprocessingDocument _package;
    private readonly Body _body;

    public OfficialDocx()
    {
        _package = WordprocessingDocument.Create(_stream, WordprocessingDocumentType.Document);
        var main = _package.AddMainDocumentPart();
        main.Document = new Document(_body = new Body());
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        // The defaults every run inherits: 仿宋 三号, Chinese language (so Word breaks lines by Chinese rules).
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(BodyFont), new FontSize { Val = Size3.ToString() },
                new Languages { Val = "en-US", EastAsia = "zh-CN" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Before = "0" }))));
        _package.PackageProperties.Language = "zh-CN";
    }

    public void SetTitle(string title, string author)
    {
        _package.PackageProperties.Title = title;
        _package.PackageProperties.Creator = author;
    }

    /// <summary>Centred title (小标宋 二号), with space below.</summary>
    public void Title(string text, int spaceAfterTwips = 400) =>
        _body.Append(Paragraph(JustificationValues.Center, 0, text, TitleFont, Size2, bold: false, lineTwips: 600, after: spaceAfterTwips));

    /// <summary>A line aligned as given (文号 line, 落款 lines).</summary>
    public void Line(string text, JustificationValues align, int size = Size3, string font = BodyFont, int rightIndentChars = 0, int after = 0)
    {
        _body.Append(Paragraph(align, 0, text, font, size, bold: false, lineTwips: LineFor(size), after: after,
            rightIndentTwips: rightIndentChars * size * 10));
    }

    /// <summary>Body text with the 2-character first-line indent of 公文 paragraphs.</summary>
    public void Paragraph(string text, int size = Size3, int after = 0) =>
        _body.Append(Paragraph(JustificationValues.Both, 2, text, BodyFont, size, bold: false, lineTwips: LineFor(size), after: after));

    /// <summary>A first-level heading (一、…) in 黑体, indented like body text.</summary>
    public void Heading(string text, int size = Size3) =>
        _body.Append(Paragraph(JustificationValues.Left, 2, text, HeadingFont, size, bold: false, lineTwips: LineFor(size), before: 160));

    /// <summary>
    /// A bordered table over the text width. <paramref name="widths"/> are relative column widths; the first row is a header
    /// in 黑体 when <paramref name="header"/> is set (and repeats on each page).
    /// </summary>
    public void Table(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<int> widths, bool header, int size = SizeSmall4,
        IReadOnlyList<JustificationValues>? align = null, int minRowHeightTwips = 0)
    {
        var total = widths.Sum();
        var twips = widths.Select(w => TextWidthTwips * w / total).ToList();
        var table = new Table(new TableProperties(
            new TableWidth { Type = TableWidthUnitValues.Dxa, Width = TextWidthTwips.ToString() },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 6 }, new BottomBorder { Val = BorderValues.Single, Size = 6 },
                new LeftBorder { Val = BorderValues.Single, Size = 6 }, new RightBorder { Val = BorderValues.Single, Size = 6 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })),
            new TableGrid(twips.Select(w => new GridColumn { Width = w.ToString() })));
        for (var r = 0; r < rows.Count; r++)
        {
            var isHeader = header && r == 0;
            var row = new TableRow();
            var rowProperties = new TableRowProperties(new CantSplit());
            if (isHeader) rowProperties.Append(new TableHeader());
            if (minRowHeightTwips > 0) rowProperties.Append(new TableRowHeight { Val = (uint)minRowHeightTwips, HeightType = HeightRuleValues.AtLeast });
            row.Append(rowProperties);
            for (var c = 0; c < rows[r].Count; c++)
            {
                var cellAlign = isHeader ? JustificationValues.Center : align?[c] ?? JustificationValues.Left;
                var cell = new TableCell(new TableCellProperties(
                    new TableCellWidth { Type = TableWidthUnitValues.Dxa, Width = twips[c].ToString() },
                    new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }));
                foreach (var line in rows[r][c].Split('\n'))
                    // Exact spacing: otherwise cell lines snap to the page's 28.95 pt grid and the table doubles in height.
                    cell.Append(Paragraph(cellAlign, 0, line, isHeader ? HeadingFont : BodyFont, size, bold: false, lineTwips: LineFor(size)));
                row.Append(cell);
            }
            table.Append(row);
        }
        _body.Append(table);
    }

    /// <summary>An empty line of body height (spacing before 落款).</summary>
    public void Blank(int size = Size3) => _body.Append(Paragraph(JustificationValues.Left, 0, "", BodyFont, size, false, LineFor(size)));

    /// <summary>The finished .docx: A4 portrait with the 公文 margins.</summary>
    public byte[] ToBytes()
    {
        _body.Append(new SectionProperties(
            new PageSize { Width = A4WidthTwips, Height = A4HeightTwips },
            new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 851, Footer = 992, Gutter = 0 },
            // No line grid: body lines are exactly 28.95 pt already, and a grid would snap table lines to it too.
            new DocGrid { LinePitch = 579 }));
        _package.MainDocumentPart!.Document.Save();
        _package.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _package.Dispose();
        _stream.Dispose();
    }

    // 1 mm = 56.7 twips.
    private const uint A4WidthTwips = 11906, A4HeightTwips = 16838;
    private const int MarginTop = 2098, MarginBottom = 1984;
    private const uint MarginLeft = 1588, MarginRight = 1474;
    private const int TextWidthTwips = (int)(A4WidthTwips - MarginLeft - MarginRight);

    /// <summary>三号 text on 公文's 22 lines a page (28.95 pt); smaller text a little over its size.</summary>
    private static int LineFor(int halfPoints) => halfPoints >= Size3 ? 579 : halfPoints * 10 + 100;

    private static RunFonts Fonts(string eastAsia) =>
        new() { EastAsia = eastAsia, Ascii = LatinFont, HighAnsi = LatinFont, ComplexScript = LatinFont, Hint = FontTypeHintValues.EastAsia };

    private static Paragraph Paragraph(JustificationValues align, int firstLineChars, string text, string font, int size, bool bold,
        int lineTwips, int after = 0, int rightIndentTwips = 0, int before = 0)
    {
        // Children in the schema's order (spacing, ind, jc; rFonts, b, sz): Word refuses a file whose order is wrong.
        var properties = new ParagraphProperties(new SpacingBetweenLines
        {
            Before = before.ToString(), After = after.ToString(),
            Line = lineTwips > 0 ? lineTwips.ToString() : null,
            LineRule = lineTwips > 0 ? LineSpacingRuleValues.Exact : null,
        });
        if (firstLineChars > 0 || rightIndentTwips > 0)
            properties.Append(new Indentation
            {
                FirstLineChars = firstLineChars > 0 ? firstLineChars * 100 : null,
                FirstLine = firstLineChars > 0 ? (firstLineChars * size * 10).ToString() : null,
                Right = rightIndentTwips > 0 ? rightIndentTwips.ToString() : null,
            });
        properties.Append(new Justification { Val = align });
        var runProperties = new RunProperties(Fonts(font));
        if (bold) runProperties.Append(new Bold());
        runProperties.Append(new FontSize { Val = size.ToString() }, new FontSizeComplexScript { Val = size.ToString() });
        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}
