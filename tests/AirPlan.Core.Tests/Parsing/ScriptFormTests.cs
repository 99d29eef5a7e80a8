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
