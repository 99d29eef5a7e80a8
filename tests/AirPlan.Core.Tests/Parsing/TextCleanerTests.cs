using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public class TextCleanerTests
{
    [Fact]
    public void LuoheDamagedGlyphsBecomeChinesePunctuation()
    {
        var line = TextCleaner.CleanLine("(市发展改革委、 市生态环境局按职责分工负责ꎬ 各县区政府 〔管委会〕 负责落实ꎮ");

        Assert.Equal("（市发展改革委、市生态环境局按职责分工负责，各县区政府〔管委会〕负责落实。", line);
    }

    [Fact]
    public void LuoheFullWidthDigitsAndBrokenDecimalsAreRepaired()
    {
        Assert.Equal("全市PM2.5浓度低于38.5微克/立方米，", TextCleaner.CleanLine("全市 ＰＭ２ \U001001B0 ５ 浓度低于 ３８\U001001B0 ５ 微克 / 立方米ꎬ"));
        Assert.Equal("2024年7月12日", TextCleaner.CleanLine("２０２４ 年 ７ 月 １２ 日"));
        Assert.Equal("漯政〔2024〕6号", TextCleaner.CleanLine("漯政 〔２０２４〕 ６ 号"));
        Assert.Equal("装备；有序退出", TextCleaner.CleanLine("装备ꎻ 有序退出"));
    }

    [Fact]
    public void SpacedOutChineseCharactersAreClosedUp()
    {
        Assert.Equal("存量矿山严格落实安全生产、水土保持", TextCleaner.CleanLine("存量矿山严格落实安全 生产、水土保持"));
        Assert.Equal("工业信息化和商务局配合", TextCleaner.CleanLine("工业信息化 和商务局配合"));
    }

    [Fact]
    public void LatexAndHtmlSubscriptsReadAsPlainText()
    {
        Assert.Equal("到2025年，PM2.5浓度低于46微克/立方米", TextCleaner.CleanLine("到 2025 年, PM_{2.5} 浓度低于 46 微克/立方米"));
        Assert.Equal("（PM2.5）", TextCleaner.CleanLine("($PM_{2.5}$)"));
        Assert.Equal("全县PM2.5浓度", TextCleaner.CleanLine("全县 PM<sub>2.5</sub> 浓度"));
    }

    [Fact]
    public void NumberedItemKeepsItsNumberApartFromAYear()
    {
        Assert.Equal("1.县城区新增", TextCleaner.CleanLine("1. 县城区新增"));
        Assert.Equal("1. 2025年底前完成", TextCleaner.CleanLine("1. 2025年底前完成"));
    }

    [Fact]
    public void YichuanPageBreakJunkIsRemoved()
    {
        var text = string.Join("\n",
            "（二）加快淘汰落后产能。执行国家《河南省淘汰",
            "",
            "## 洛阳市伊川县人民政府办公室行政规范性文件",
            "",
            "---",
            "",
            "落后产能综合标准体系》有关要求。",
            "## 洛阳市伊川县人民政府办公室行政规范性文件",
            "---",
            "## 洛阳市伊川县人民政府办公室行政规范性文件",
            "- 1 -");

        var lines = TextCleaner.Clean(text);

        Assert.Equal([1, 7], lines.Select(l => l.Number));
    }

    [Fact]
    public void LuohePageNumbersAndRepeatedWatermarkAreRemoved()
    {
        const string watermark = "本文内容来自网络，由EESIA搜集整理，如有任何异议请联系我们，我们将酌情处理！";
        var text = string.Join("\n", "正文一。", "—８—", watermark, "正文二。", "—６１—", watermark, "正文三。", watermark);

        var lines = TextCleaner.Clean(text);

        Assert.Equal(["正文一。", "正文二。", "正文三。"], lines.Select(l => l.Text));
    }

    [Fact]
    public void RepeatedUnitLinesAreNotMistakenForWatermarks()
    {
        var text = string.Join("\n", Enumerable.Repeat("牵头单位：市生态环境局孟津分局", 5));

        Assert.Equal(5, TextCleaner.Clean(text).Count);
    }

    [Fact]
    public void YichuanSentenceCutByPageBreakJunkIsJoinedAgain()
    {
        var text = string.Join("\n",
            "（二）加快淘汰落后产能。严格落实国家和省产业政策，执行国家《河南省淘汰",
            "## 洛阳市伊川县人民政府办公室行政规范性文件", "---",
            "## 洛阳市伊川县人民政府办公室行政规范性文件", "---",
            "## 洛阳市伊川县人民政府办公室行政规范性文件", "---",
            "落后产能综合标准体系（2023年本）》有关要求。（工业信息化和商务局牵头，县发展改革委配合）");

        var paragraphs = ParagraphJoiner.Join(TextCleaner.Clean(text));

        var p = Assert.Single(paragraphs);
        Assert.Contains("《河南省淘汰落后产能综合标准体系（2023年本）》", p.Text);
        Assert.Equal(1, p.Line);
    }
}
