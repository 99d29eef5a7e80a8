using System.Text.Json;
using AirPlan.Cli.Tests.Support;
using AirPlan.Core.Parsing;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>airplan parse, in-process; one test starts the built CLI as a user would, for what only a process shows.</summary>
public class ParseCommandTests
{
    [Theory]
    [InlineData("mengjin-2024", 34)]
    [InlineData("mengzhou-2023", 37)]
    [InlineData("yichuan-2024", 35)]
    [InlineData("luohe-2024", 33)]
    [InlineData("jiyuan-2024", 35)]
    public void ParsePrintsThePlanAsJsonForEverySeed(string seed, int tasks)
    {
        var (exit, stdout, _) = AirplanCli.Run("parse", AirplanCli.Seed(seed));

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(tasks, root.GetProperty("tasks").GetArrayLength());
        Assert.Equal(0, root.GetProperty("warnings").GetArrayLength());
        var first = root.GetProperty("tasks")[0];
        foreach (var field in new[] { "number", "section", "title", "text", "lead", "supporting", "townships", "deadlines", "recurrence", "subitems" })
            Assert.True(first.TryGetProperty(field, out _), field);
    }

    // A real process: only its console shows whether Chinese reaches stdout unescaped and the exit code leaves Main.
    [Fact]
    public async Task JsonKeepsChineseUnescapedAndUsesTheAgreedShape()
    {
        var (exit, stdout, _) = await AirplanCli.RunProcessAsync(null, "parse", AirplanCli.Seed("mengjin-2024"));

        Assert.Equal(0, exit);
        Assert.Contains("\"region\": \"孟津区\"", stdout);
        Assert.DoesNotContain("\\u", stdout);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("孟政办〔2024〕21号", root.GetProperty("docNumber").GetString());
        Assert.Equal("2024-12-09", root.GetProperty("issuedOn").GetString());
        Assert.Equal(2024, root.GetProperty("planYear").GetInt32());
        var task = root.GetProperty("tasks")[7];
        Assert.Equal("8", task.GetProperty("number").GetString());
        Assert.Equal("all", task.GetProperty("townships").GetString());
        Assert.Equal("2024-10-31", task.GetProperty("deadlines")[0].GetProperty("date").GetString());
        Assert.Equal("2024年10月底前", task.GetProperty("deadlines")[0].GetProperty("text").GetString());
        Assert.False(task.GetProperty("subitems").EnumerateArray().Any());
        var withSubs = root.GetProperty("tasks")[10];
        Assert.False(withSubs.GetProperty("subitems")[0].TryGetProperty("subitems", out _));
    }

    [Fact]
    public void NamedTownshipsAreAListOfTownNames()
    {
        var (_, stdout, _) = AirplanCli.Run("parse", AirplanCli.Seed("jiyuan-2024"));

        using var json = JsonDocument.Parse(stdout);
        var towns = json.RootElement.GetProperty("tasks")[2].GetProperty("townships");
        Assert.Equal(JsonValueKind.Array, towns.ValueKind);
        Assert.Equal(["克井镇", "五龙口镇"], towns.EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void MissingFileExitsWithTwoAndAChineseMessage()
    {
        var (exit, stdout, stderr) = AirplanCli.Run("parse", AirplanCli.Seed("no-such-plan"));

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("找不到文件", stderr);
    }

    [Fact]
    public void UnreadablePathExitsWithTwo()
    {
        var (exit, _, stderr) = AirplanCli.Run("parse", Path.Combine(AirplanCli.RepoRoot, "seeds"));

        Assert.Equal(2, exit);
        Assert.Contains("错误", stderr);
    }

    [Fact]
    public void MissingArgumentPrintsUsageAndExitsWithTwo()
    {
        var (exit, _, stderr) = AirplanCli.Run("parse");

        Assert.Equal(2, exit);
        Assert.Contains("用法", stderr);
    }

    [Fact]
    public void UnknownCommandPrintsUsageAndExitsWithTwo()
    {
        var (exit, _, stderr) = AirplanCli.Run("frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("airplan", stderr);
    }

    [Fact]
    public void ATextOverTheParsersLimitIsRefusedWithExitCodeOneAndTheReasonOnStderr()
    {
        var file = Path.Combine(Path.GetTempPath(), $"too-long-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat("（一）加强组织领导。\n", PlanLimits.MaxLines + 10)));
        try
        {
            var (exit, stdout, stderr) = AirplanCli.Run("parse", file);

            Assert.Equal(1, exit);
            Assert.Empty(stdout);
            Assert.Contains($"超过上限 {PlanLimits.MaxLines} 行", stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AFileLargerThanTheLimitAllowsIsRefusedBeforeItIsRead()
    {
        var file = Path.Combine(Path.GetTempPath(), $"too-big-{Guid.NewGuid():N}.txt");
        using (var stream = File.Create(file)) stream.SetLength(PlanLimits.MaxFileBytes + 1);
        try
        {
            var (exit, _, stderr) = AirplanCli.Run("parse", file);

            Assert.Equal(1, exit);
            Assert.Contains("未读取", stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
    [Fact]
    public void ParseReadsAWordDocumentAsItReadsTheSameTextFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mengjin-{Guid.NewGuid():N}.docx");
        // A Word file of the seed: one paragraph per line, as a bureau's copy of the text would be.
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(file, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                File.ReadAllLines(AirplanCli.Seed("mengjin-2024")).Select(line => new DocumentFormat.OpenXml.Wordprocessing.Paragraph(
                    new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text(line))))));
            main.Document.Save();
        }
        try
        {
            var (exit, stdout, stderr) = AirplanCli.Run("parse", file);
            var (_, fromText, _) = AirplanCli.Run("parse", AirplanCli.Seed("mengjin-2024"));

            Assert.True(exit == 0, stderr);
            Assert.Equal(fromText, stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }
    [Fact]
    public void ParseRefusesAScannedPdfWithExitCodeOneAndSaysSo()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var file = Path.Combine(Path.GetTempPath(), $"scan-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, builder.Build());
        try
        {
            var (exit, stdout, stderr) = AirplanCli.Run("parse", file);

            Assert.Equal(1, exit);
            Assert.Empty(stdout);
            Assert.Contains("该PDF为扫描件，没有可识别的文字", stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
