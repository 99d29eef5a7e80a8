using System.Text;
using AirPlan.Core.Parsing.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Writer;

namespace AirPlan.Core.Tests.Parsing.Documents;

using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;
using TableCell = DocumentFormat.OpenXml.Wordprocessing.TableCell;

/// <summary>Files that cannot be read say why; Word's parts that are not the plan's text stay out; tables and numbering read as a person reads them.</summary>
public class PlanDocumentReaderTests
{
    private static PlanDocument Read(byte[] bytes, string name, PlanDocumentLimits? limits = null) =>
        PlanDocumentReader.Read(new MemoryStream(bytes), name, limits);

    [Fact]
    public void APdfWithoutATextLayerIsRefusedAsAScan()
    {
        var builder = new PdfDocumentBuilder();
        for (var i = 0; i < 3; i++) builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).DrawRectangle(new UglyToad.PdfPig.Core.PdfPoint(50, 50), 400, 600);

        var document = Read(builder.Build(), "扫描件.pdf");

        Assert.Equal("该PDF为扫描件，没有可识别的文字，请上传Word版或带文字层的PDF", document.Refusal);
        Assert.Equal("该PDF为扫描件，没有可识别的文字，请上传Word版或带文字层的PDF", PlanDocumentParser.Parse(document).Refusal);
    }

    [Fact]
    public void AFileOverTheSizeLimitIsRefusedUnreadWithTheReason()
    {
        var document = Read(TestDocuments.ParagraphDocx("mengjin-2024"), "孟津.docx", new PlanDocumentLimits { MaxBytes = 10 * 1024 });

        Assert.Contains("超过上限 0 MB", document.Refusal);
        Assert.Contains("未读取", document.Refusal);
        Assert.Empty(document.Lines);
    }

    [Fact]
    public void APdfOverThePageLimitIsRefusedWithItsPageCount()
    {
        var bytes = File.ReadAllBytes(TestDocuments.FixturePath("mengjin-2024.pdf"));

        var document = Read(bytes, "mengjin-2024.pdf", new PlanDocumentLimits { MaxPages = 3 });

        Assert.Matches(@"^PDF共 \d+ 页，超过上限 3 页", document.Refusal);
    }

    [Fact]
    public void BinaryJunkNamedTxtIsRefusedWithAReason()
    {
        var junk = Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 256)).ToArray();

        Assert.Contains("不是可读的文本", Read(junk, "plan.txt").Refusal);
    }

    [Fact]
    public void AFileNamedDocxThatIsNotWordIsRefusedNotGuessed()
    {
        var document = Read(Encoding.UTF8.GetBytes(Seeds.Text("mengjin-2024")), "孟津.docx");

        Assert.Contains("内容不是该格式的文件", document.Refusal);
    }

    [Fact]
    public void AWordFileSavedAsTxtIsReadAsWord()
    {
        var document = Read(TestDocuments.ParagraphDocx("mengjin-2024"), "孟津.txt");

        Assert.Equal(PlanDocumentFormat.Word, document.Format);
        Assert.Equal(34, PlanDocumentParser.Parse(document).Tasks.Count);
    }

    [Fact]
    public void HeadersFootersTextBoxesDeletedAndHiddenTextAreNotPlanText()
    {
        var bytes = TestDocuments.Docx(body =>
        {
            body.Append(new Paragraph(new Run(new Text("正文第一段。"))));
            var textBox = new TextBoxContent(new Paragraph(new Run(new Text("（盖章）"))));
            var picture = new Picture(new DocumentFormat.OpenXml.Vml.Shape(new DocumentFormat.OpenXml.Vml.TextBox(textBox)));
            body.Append(new Paragraph(
                new Run(new Text("正文第二段")),
                new Run(picture),
                new DeletedRun(new Run(new DeletedText("删去的字"))),
                new Run(new RunProperties(new Vanish()), new Text("隐藏的字")),
                new Run(new Text("。"))));
        });

        var document = Read(bytes, "a.docx");

        Assert.Equal(["正文第一段。", "正文第二段。"], document.Lines);
    }

    [Fact]
    public void WordNumberingIsRenderedInTheFormatsPlansUse()
    {
        Assert.Equal("三十五", WordNumbering.Format(35, NumberFormatValues.ChineseCounting));
        Assert.Equal("十一", WordNumbering.Format(11, NumberFormatValues.ChineseCountingThousand));
        Assert.Equal("一百零五", WordNumbering.Format(105, NumberFormatValues.ChineseCountingThousand));
        Assert.Equal("一百〇五", WordNumbering.Format(105, NumberFormatValues.ChineseCounting));
        Assert.Equal("叁", WordNumbering.Format(3, NumberFormatValues.ChineseLegalSimplified));
        Assert.Equal("丙", WordNumbering.Format(3, NumberFormatValues.IdeographTraditional));
        Assert.Equal("③", WordNumbering.Format(3, NumberFormatValues.DecimalEnclosedCircle));
        Assert.Equal("１２", WordNumbering.Format(12, NumberFormatValues.DecimalFullWidth));
        Assert.Equal("iv", WordNumbering.Format(4, NumberFormatValues.LowerRoman));
    }

    [Fact]
    public void NumberedWordParagraphsShowTheirNumbersAndSubLevelsRestartUnderANewHeading()
    {
        var bytes = TestDocuments.Docx(body =>
        {
            Paragraph Item(int level, string text) => new(
                new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 1 })),
                new Run(new Text(text)));
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), new Run(new Text("指导思想"))));
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), new Run(new Text("主要任务"))));
            body.Append(Item(1, "优化产业结构"), Item(2, "坚决遏制“两高”项目盲目发展。"), Item(2, "加快淘汰落后产能。"),
                Item(1, "优化能源结构"), Item(2, "严格合理控制煤炭消费总量。"));
        });

        var document = Read(bytes, "a.docx");

        Assert.Equal(["一、指导思想", "二、主要任务", "（一）优化产业结构", "1． 坚决遏制“两高”项目盲目发展。", "2． 加快淘汰落后产能。",
            "（二）优化能源结构", "1． 严格合理控制煤炭消费总量。"], document.Lines);
    }

    [Fact]
    public void TaskTableHeadersAreRecognisedByTheirSynonyms()
    {
        Assert.Equal([TaskColumn.Number, TaskColumn.Title, TaskColumn.Content, TaskColumn.Lead, TaskColumn.Deadline],
            TaskTableReader.Header(["序 号", "工作任务", "工作措施", "责任单位", "完成时间"]));
        Assert.Equal([TaskColumn.Title, TaskColumn.Lead, TaskColumn.Supporting, TaskColumn.Deadline],
            TaskTableReader.Header(["重点任务", "牵头部门", "配合单位（责任单位）", "时限要求"]));
        Assert.Null(TaskTableReader.Header(["指标", "2024年", "2025年"]));
    }

    [Fact]
    public void WhenTheBodyAndAnAnnexTableBothListATaskTheTableDecidesItsUnitsAndDeadlines()
    {
        var seed = Seeds.Plan("mengjin-2024");
        var paragraphs = TestDocuments.ParagraphDocx("mengjin-2024");
        var bytes = TestDocuments.Docx(body =>
        {
            using (var source = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(paragraphs), false))
                foreach (var p in source.MainDocumentPart!.Document.Body!.Elements<Paragraph>()) body.Append(p.CloneNode(true));
            body.Append(new Table(
                new TableRow(new[] { "序号", "重点任务", "牵头单位", "完成时限" }.Select(t => new TableCell(new Paragraph(new Run(new Text(t)))))),
                new TableRow(new[] { "1", seed.Tasks[0].Title, "区生态环境局", "2025年6月底前" }.Select(t => new TableCell(new Paragraph(new Run(new Text(t))))))));
        });

        var plan = PlanDocumentParser.Parse(Read(bytes, "孟津含附表.docx"));

        Assert.Equal(34, plan.Tasks.Count);
        Assert.Equal(["区生态环境局"], plan.Tasks[0].Lead);
        Assert.Equal(new DateOnly(2025, 6, 30), Assert.Single(plan.Tasks[0].Deadlines).Date);
        Assert.Equal(seed.Tasks[0].Text, plan.Tasks[0].Text);
        Assert.Equal(seed.Tasks[1].Lead, plan.Tasks[1].Lead);
    }

    [Fact]
    public void AFlattenedTaskTableInAPdfIsReadFromTheColumnsOfItsHeader()
    {
        var seed = Seeds.Plan("mengjin-2024");
        var document = PlanDocumentReader.Read(File.OpenRead(TestDocuments.FixturePath("mengjin-2024-table.pdf")), "mengjin-2024-table.pdf");

        var plan = PlanDocumentParser.Parse(document);

        Assert.Single(document.Tables);
        PlanDocumentFormatTests.AssertSamePlan(seed, plan, whole: false);
    }

    // The .doc was saved by LibreOffice from the test's Word document (Fixtures/regenerate.sh), so one conversion runs here.
    [NeedsLibreOfficeFact]
    public void ADocFileIsConvertedThroughLibreOfficeAndReadLikeTheWordDocument()
    {
        var document = Read(File.ReadAllBytes(TestDocuments.FixturePath("mengjin-2024.doc")), "mengjin-2024.doc");

        Assert.Equal(PlanDocumentFormat.LegacyWord, document.Format);
        Assert.Contains(document.Warnings, w => w.Contains("LibreOffice"));
        var read = new PlanDocument { Format = document.Format, Lines = document.Lines, Tables = document.Tables };
        PlanDocumentFormatTests.AssertSamePlan(Seeds.Plan("mengjin-2024"), PlanDocumentParser.Parse(read), whole: true);
    }
}
