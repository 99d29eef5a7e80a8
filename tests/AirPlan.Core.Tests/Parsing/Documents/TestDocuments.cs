using System.Text.RegularExpressions;
using AirPlan.Core.Parsing;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Core.Tests.Parsing.Documents;

using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;
using Numbering = DocumentFormat.OpenXml.Wordprocessing.Numbering;

/// <summary>
/// Seed plans re-laid as the documents a bureau receives, built here so nothing third-party enters the repository:
/// Word with real automatic numbering for headings and items (and a running header and page-number footer), Word whose
/// tasks are a 重点任务分工表, and the committed PDFs that LibreOffice made from these (Fixtures/regenerate.sh).
/// </summary>
public static partial class TestDocuments
{
    public static readonly string[] SeedNames = ["mengjin-2024", "mengzhou-2023", "yichuan-2024", "luohe-2024", "jiyuan-2024"];

    /// <summary>The formats a seed is given in: UTF-8 and GB18030 text, Word, Word with a task table, a text-layer PDF.</summary>
    public static readonly string[] Formats = ["txt", "gb18030", "docx", "docx-table", "pdf"];

    /// <summary>A seed in one of <see cref="Formats"/>, as the file a bureau would upload.</summary>
    public static (string FileName, byte[] Bytes) InFormat(string seed, string format)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        return format switch
        {
            "txt" => (seed + ".txt", System.Text.Encoding.UTF8.GetBytes(Seeds.Text(seed))),
            "gb18030" => (seed + ".txt", System.Text.Encoding.GetEncoding("GB18030").GetBytes(Seeds.Text(seed))),
            "docx" => (seed + ".docx", ParagraphDocx(seed)),
            "docx-table" => (seed + "-分工表.docx", TableDocx(seed)),
            "pdf" => (seed + ".pdf", File.ReadAllBytes(FixturePath(seed + ".pdf"))),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    public static string FixturePath(string name) =>
        Path.Combine(Seeds.RepoRoot, "tests", "AirPlan.Core.Tests", "Parsing", "Documents", "Fixtures", name);

    /// <summary>
    /// Every line of the seed a paragraph. Chapter headings (一、) are numbered through a heading style, （一） and 1．
    /// items directly — each wherever Word's own counting gives the number the seed shows (list 1 restarts a level under
    /// a new higher level, list 2 never restarts, as Yichuan's （一）…（三十五） and Mengjin's 1…34 run on); any other line
    /// keeps its number as typed, as real documents mix both.
    /// </summary>
    /// <param name="printable">
    /// For the PDF fixtures: the code points a Founder-typeset original leaves in extracted text (Luohe's ꎬ ꎮ) are
    /// written as the punctuation they stand for, since no font prints them and a real PDF never holds them.
    /// </param>
    public static byte[] ParagraphDocx(string seed, bool printable = false)
    {
        var counters = new Dictionary<int, int[]> { [1] = new int[9], [2] = new int[9] };
        return Docx(body =>
        {
            var text = Seeds.Text(seed);
            if (printable)
                foreach (var (junk, punctuation) in new[] { ("ꎬ", "，"), ("ꎮ", "。"), ("ꎻ", "；"), ("ꎯ", "？"), ("ꎶ", "："), ("\U001001B0", ".") })
                    text = text.Replace(junk, punctuation);
            foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
            {
                var line = raw.TrimStart();
                var (level, number, rest) = Numbered(line);
                var numId = 0;
                if (level >= 0)
                {
                    foreach (var candidate in level == 0 ? [1] : new[] { 1, 2 })
                    {
                        if (counters[candidate][level] + 1 != number) continue;
                        numId = candidate;
                        counters[candidate][level]++;
                        if (candidate == 1) for (var deeper = level + 1; deeper < 9; deeper++) counters[1][deeper] = 0;
                        break;
                    }
                }
                var p = new Paragraph(new Run(new Text(numId == 0 ? line : rest) { Space = SpaceProcessingModeValues.Preserve }));
                var props = new ParagraphProperties();
                if (numId == 1 && level == 0) props.Append(new ParagraphStyleId { Val = "Heading1" });
                else if (numId != 0)
                    props.Append(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numId }));
                // 公文 paragraphs start two characters in (GB/T 9704); the PDF's wrapped lines do not.
                props.Append(new Indentation { FirstLine = "420", Left = "0" });
                p.PrependChild(props);
                body.Append(p);
            }
        });
    }

    /// <summary>
    /// The seed's notice and opening chapters as paragraphs, then its tasks as a 重点任务分工表: a header row, one merged
    /// row per chapter, one row per task (序号, 重点任务, 具体措施, 牵头单位, 配合单位（责任单位）and 落实乡镇（街道）one
    /// per line, 完成时限 one deadline per line); then the closing chapters.
    /// </summary>
    public static byte[] TableDocx(string seed)
    {
        var plan = Seeds.Plan(seed);
        var lines = Seeds.Text(seed).Replace("\r\n", "\n").Split('\n');
        var firstTaskChapter = plan.Chapters.First(c => c.Number == plan.Tasks[0].ChapterNumber);
        return Docx(body =>
        {
            foreach (var line in lines.Take(firstTaskChapter.Line - 1)) body.Append(Plain(line));
            body.Append(new Paragraph(new Run(new Text("附件：重点任务分工表"))));

            var table = new Table(new TableProperties(
                new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }));
            int[] widths = [500, 1200, 2900, 1400, 1500, 1100, 1000];
            table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));
            table.Append(Row(["序号", "重点任务", "具体措施", "牵头单位", "配合单位（责任单位）", "落实乡镇（街道）", "完成时限"], header: true));
            foreach (var chapter in plan.Tasks.GroupBy(t => t.ChapterNumber))
            {
                var c = plan.Chapters.First(x => x.Number == chapter.Key);
                var merged = new TableCell(new TableCellProperties(new GridSpan { Val = widths.Length }),
                    new Paragraph(new Run(new Text($"{c.Number}、{c.Title}"))));
                table.Append(new TableRow(merged));
                foreach (var t in chapter)
                    table.Append(Row([t.Number, t.Title, t.Text, string.Join("、", t.Lead), string.Join("\n", t.Supporting), TownshipCell(t), DeadlineCell(t)]));
            }
            body.Append(table);
            // The closing chapters (保障措施 …) and the 印发 line after the table, as the plan has them.
            var after = plan.Chapters.FirstOrDefault(c => c.Line > plan.Tasks[^1].Line && !c.HasTasks);
            if (after is null) return;
            foreach (var line in lines.Skip(after.Line - 1)) body.Append(Plain(line));
        });
    }

    private static Paragraph Plain(string line) => new(
        new ParagraphProperties(new Indentation { FirstLine = "420", Left = "0" }),
        new Run(new Text(line.TrimStart()) { Space = SpaceProcessingModeValues.Preserve }));

    private static string TownshipCell(ParsedTask t) => t.Townships.Kind switch
    {
        TownshipScopeKind.All => "各乡镇（街道）",
        TownshipScopeKind.Named => string.Join("\n", t.Townships.Names),
        _ => "",
    };

    private static string DeadlineCell(ParsedTask t) =>
        t.Deadlines.Count > 0 ? string.Join("\n", t.Deadlines.Select(d => d.Text))
        : t.IsContinuous ? "持续推进"
        : t.Recurrence ?? "";

    private static TableRow Row(string[] cells, bool header = false)
    {
        var row = new TableRow(cells.Select(text => new TableCell(
            text.Split('\n').Select(line => new Paragraph(new Run(new Text(line)))))));
        // A header row Word repeats at the top of each page: the PDF shows it again on every page of the table.
        if (header) row.PrependChild(new TableRowProperties(new TableHeader()));
        return row;
    }

    /// <summary>A .docx with numbering (two lists over one scheme: 一、/（一）/1．), a Heading1 style that numbers chapters,
    /// a running header and a — PAGE — footer; <paramref name="fill"/> writes the body.</summary>
    public static byte[] Docx(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body());
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new Numbering(
                Scheme(0, restart: true), Scheme(1, restart: false),
                new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = 1 },
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 2 });
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { EastAsia = "Noto Serif CJK SC", Ascii = "Noto Serif CJK SC", HighAnsi = "Noto Serif CJK SC" },
                    new FontSize { Val = "21" }))),
                new Style(new StyleName { Val = "heading 1" }, new StyleParagraphProperties(
                    new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })))
                { Type = StyleValues.Paragraph, StyleId = "Heading1" });

            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(new Paragraph(new Run(new Text("空气质量持续改善行动 政府规范性文件"))));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                new Run(new Text("— ") { Space = SpaceProcessingModeValues.Preserve }),
                new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " },
                new Run(new Text(" —") { Space = SpaceProcessingModeValues.Preserve })));

            var body = main.Document.Body!;
            fill(body);
            body.Append(new SectionProperties(
                new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1300, Right = 1300, Header = 720, Footer = 720 }));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static AbstractNum Scheme(int id, bool restart)
    {
        Level Lvl(int index, string text, NumberFormatValues format, LevelSuffixValues suffix)
        {
            var level = new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = format }) { LevelIndex = index };
            if (!restart && index > 0) level.Append(new LevelRestart { Val = 0 });
            level.Append(new LevelSuffix { Val = suffix }, new LevelText { Val = text });
            return level;
        }
        return new AbstractNum(
            Lvl(0, "%1、", NumberFormatValues.ChineseCounting, LevelSuffixValues.Nothing),
            Lvl(1, "（%2）", NumberFormatValues.ChineseCounting, LevelSuffixValues.Nothing),
            Lvl(2, "%3．", NumberFormatValues.Decimal, LevelSuffixValues.Tab)) { AbstractNumberId = id };
    }

    /// <summary>一、… (a chapter, as Numbering.Chapter reads it) → level 0; （一）… → 1; 1．… → 2; else -1.</summary>
    private static (int Level, int Number, string Body) Numbered(string line)
    {
        if (ChapterLine().Match(line) is { Success: true } c && line.Length <= 40 && !line.TrimEnd('。').Contains('。'))
            return (0, ChineseNumber(c.Groups[1].Value), c.Groups[2].Value);
        if (ParenLine().Match(line) is { Success: true } p) return (1, ChineseNumber(p.Groups[1].Value), p.Groups[2].Value);
        if (ArabicLine().Match(line) is { Success: true } a) return (2, int.Parse(a.Groups[1].Value), a.Groups[2].Value);
        return (-1, 0, line);
    }

    private static int ChineseNumber(string s)
    {
        var total = 0; var current = 0;
        foreach (var ch in s)
        {
            var d = "零一二三四五六七八九".IndexOf(ch);
            if (d >= 0) current = d;
            else { total += (current == 0 ? 1 : current) * 10; current = 0; }
        }
        return total + current;
    }

    [GeneratedRegex(@"^([一二三四五六七八九十]{1,3})、(.*)$")] private static partial Regex ChapterLine();
    [GeneratedRegex(@"^（([一二三四五六七八九十]{1,3})）(.*)$")] private static partial Regex ParenLine();
    [GeneratedRegex(@"^(\d{1,2})．(.*)$")] private static partial Regex ArabicLine();
}
