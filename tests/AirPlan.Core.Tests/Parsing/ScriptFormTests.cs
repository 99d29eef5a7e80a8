using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public class ScriptFormTests
{
    [Fact]
    public void TraditionalCharactersOfUnitsLabelsAndDeadlinesAreSimplified()
    {
        Assert.Equal("牵头单位：县住房和城乡建设局", ScriptForm.Simplify("牽頭單位：縣住房和城鄉建設局"));
        Assert.Equal("各县（市、区）人民政府、开发区管委会负责落实", ScriptForm.Simplify("各縣（市、區）人民政府、開發區管委會負責落實"));
        Assert.Equal("列第一位者为牵头单位", ScriptForm.Simplify("列第一位者為牽頭單位"));
        Assert.Equal("到2025年采暖季前", ScriptForm.Simplify("到2025年採暖季前"));
    }

    [Fact]
    public void SimplifiedTextIsLeftAsItIs()
    {
        var text = Seeds.Text("mengjin-2024");

        Assert.Same(text, ScriptForm.Simplify(text));
    }

    [Theory]
    [InlineData("mengjin-2024")]
    [InlineData("yichuan-2024")]
    [InlineData("luohe-2024")]
    [InlineData("jiyuan-2024")]
    [InlineData("mengzhou-2023")]
    public void SeedWrittenInTraditionalCharactersReadsLikeTheSeed(string seed)
    {
        var simplified = Seeds.Plan(seed);
        var traditional = PlanParser.Parse(ToTraditional(Seeds.Text(seed)));

        Assert.Equal(simplified.Warnings, traditional.Warnings);
        Assert.Equal(ToTraditional(simplified.Title), traditional.Title);
        Assert.Equal(simplified.Region, traditional.Region);
        Assert.Equal(simplified.Tasks.Count, traditional.Tasks.Count);
        foreach (var (s, t) in simplified.Tasks.Zip(traditional.Tasks))
        {
            Assert.Equal(ToTraditional(s.Title), t.Title);
            Assert.Equal(ToTraditional(s.Text), t.Text);
            Assert.Equal(s.Lead, t.Lead);
            Assert.Equal(s.Supporting, t.Supporting);
            Assert.Equal(s.Townships.Kind, t.Townships.Kind);
            Assert.Equal(s.Townships.Names, t.Townships.Names);
            Assert.Equal(s.Deadlines.Select(d => d.Date), t.Deadlines.Select(d => d.Date));
            Assert.Equal(s.Subitems.Count, t.Subitems.Count);
        }
    }

    /// <summary>The table read backwards: the seed as a traditional-character office would have written it.</summary>
    private static string ToTraditional(string text)
    {
        var table = File.ReadAllLines(Path.Combine(Seeds.RepoRoot, "src", "AirPlan.Core", "Parsing", "traditional-characters.txt"))
            .Where(l => l.Length == 3 && l[0] != '#' && l[1] == ' ')
            .ToDictionary(l => l[2], l => l[0]);
        return string.Concat(text.Select(c => table.TryGetValue(c, out var t) ? t : c));
    }

    [Fact]
    public void TextFoundNearItsLineIsGivenBackExactlyAsWritten()
    {
        var lines = TextCleaner.Clean("縣人民政府辦公室\n（一）加強揚塵治理。督促指導城關鎮做好道路保潔。");
        var (simplified, form) = ScriptForm.Read(lines);

        Assert.True(form.IsTraditional);
        Assert.Equal("（一）加强扬尘治理。督促指导城关镇做好道路保洁。", simplified[1].Text);
        Assert.Equal("督促指導城關鎮做好道路保潔", form.Restore("督促指导城关镇做好道路保洁", 2));
        // Without a line the table is read backwards.
        Assert.Equal("加強揚塵治理", form.Restore("加强扬尘治理"));
    }
}
