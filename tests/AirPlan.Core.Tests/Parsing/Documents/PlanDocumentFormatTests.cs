using System.Text;
using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Documents;

namespace AirPlan.Core.Tests.Parsing.Documents;

/// <summary>Every seed, re-laid as Word, a Word task table, GB18030 text and a text-layer PDF, reads into the plan its text gives.</summary>
public class PlanDocumentFormatTests
{
    public static TheoryData<string> AllSeeds() => new(TestDocuments.SeedNames);

    private static ParsedPlan Read(byte[] bytes, string fileName)
    {
        var document = PlanDocumentReader.Read(new MemoryStream(bytes), fileName);
        Assert.Null(document.Refusal);
        return PlanDocumentParser.Parse(document);
    }

    [Theory]
    [MemberData(nameof(AllSeeds))]
    public void AWordDocumentWithAutomaticNumberingReadsLikeTheSeedText(string seed)
    {
        var plan = Read(TestDocuments.ParagraphDocx(seed), seed + ".docx");

        AssertSamePlan(Seeds.Plan(seed), plan, whole: true);
    }

    [Theory]
    [MemberData(nameof(AllSeeds))]
    public void AWordDocumentWhoseTasksAreATableReadsLikeTheSeedText(string seed)
    {
        var plan = Read(TestDocuments.TableDocx(seed), seed + "-分工表.docx");

        AssertSamePlan(Seeds.Plan(seed), plan, whole: false);
    }

    [Theory]
    [MemberData(nameof(AllSeeds))]
    public void AGb18030TextFileIsDetectedAndReadLikeTheUtf8Seed(string seed)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(Seeds.Text(seed));

        var document = PlanDocumentReader.Read(new MemoryStream(bytes), seed + ".txt");

        Assert.Equal("GB18030", document.Encoding);
        AssertSamePlan(Seeds.Plan(seed), PlanDocumentParser.Parse(document), whole: true);
    }

    [Theory]
    [MemberData(nameof(AllSeeds))]
    public void ATextLayerPdfMadeFromTheWordDocumentReadsLikeTheSeedText(string seed)
    {
        var document = PlanDocumentReader.Read(File.OpenRead(TestDocuments.FixturePath(seed + ".pdf")), seed + ".pdf");

        Assert.Null(document.Refusal);
        Assert.Equal(PlanDocumentFormat.Pdf, document.Format);
        // The running header and the — N — footer of every page are gone (page numbers inside the seeds' own text stay).
        Assert.DoesNotContain(document.Lines, l => l.Contains("政府规范性文件") || System.Text.RegularExpressions.Regex.IsMatch(l, @"^— \d+ —$"));
        Assert.True(document.Pages > 5);
        AssertSamePlan(Seeds.Plan(seed), PlanDocumentParser.Parse(document), whole: true);
    }

    [Fact]
    public void AUtf8FileWithAByteOrderMarkReadsLikeOneWithout()
    {
        var text = Seeds.Text("mengjin-2024");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var document = PlanDocumentReader.Read(new MemoryStream(bytes), "mengjin-2024.txt");

        Assert.Equal("UTF-8", document.Encoding);
        AssertSamePlan(Seeds.Plan("mengjin-2024"), PlanDocumentParser.Parse(document), whole: true);
    }

    /// <summary>
    /// Field by field: numbers, titles, lead units and deadlines always; for documents that carry the whole text also the
    /// chapter, supporting units, township scope and sub-items (a task table has one row per task and no sub-items).
    /// </summary>
    internal static void AssertSamePlan(ParsedPlan expected, ParsedPlan actual, bool whole)
    {
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Region, actual.Region);
        Assert.Equal(expected.PlanYear, actual.PlanYear);
        Assert.Equal(expected.Tasks.Select(t => t.Number), actual.Tasks.Select(t => t.Number));
        for (var i = 0; i < expected.Tasks.Count; i++)
        {
            var e = expected.Tasks[i];
            var a = actual.Tasks[i];
            var what = $"任务 {e.Number}（第 {i + 1} 项）";
            Assert.True(e.Title == a.Title, $"{what} 标题：{e.Title} ≠ {a.Title}");
            Assert.True(e.Lead.SequenceEqual(a.Lead), $"{what} 牵头：{string.Join("、", e.Lead)} ≠ {string.Join("、", a.Lead)}");
            // The same date written two ways (2025年底前, 到2025年) is one deadline of the task.
            Assert.True(e.Deadlines.Select(d => d.Date).Distinct().SequenceEqual(a.Deadlines.Select(d => d.Date).Distinct()),
                $"{what} 时限：{string.Join("，", e.Deadlines.Select(d => d.Date))} ≠ {string.Join("，", a.Deadlines.Select(d => d.Date))}");
            Assert.True(e.Supporting.Order().SequenceEqual(a.Supporting.Order()),
                $"{what} 配合：{string.Join("、", e.Supporting)} ≠ {string.Join("、", a.Supporting)}");
            Assert.True(e.Townships.Kind == a.Townships.Kind && e.Townships.Names.Order().SequenceEqual(a.Townships.Names.Order()),
                $"{what} 乡镇：{e.Townships.Kind} {string.Join("、", e.Townships.Names)} ≠ {a.Townships.Kind} {string.Join("、", a.Townships.Names)}");
            if (!whole) continue;
            Assert.Equal(e.ChapterNumber, a.ChapterNumber);
            Assert.Equal(e.Text, a.Text);
            Assert.Equal(e.Subitems.Count, a.Subitems.Count);
        }
        if (whole) Assert.Equal(expected.Warnings.Select(w => w.Message), actual.Warnings.Select(w => w.Message));
        else Assert.Empty(actual.Warnings);
    }
}
