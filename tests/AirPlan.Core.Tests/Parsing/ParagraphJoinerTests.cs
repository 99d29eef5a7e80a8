using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public class ParagraphJoinerTests
{
    private static List<Paragraph> Join(params string[] lines) =>
        ParagraphJoiner.Join(TextCleaner.Clean(string.Join("\n\n", lines)));

    [Fact]
    public void MengjinUnitLinesWrappedMidNameAreJoined()
    {
        var paragraphs = Join(
            "牵头单位：区发展改革委",
            "责任单位：区工信局、市自然资源和规划局孟津分局、市生",
            "态环境局孟津分局，各镇（街道、开发区）政府（办事处、管委",
            "会）",
            "2．加快淘汰落后产能。");

        Assert.Equal(3, paragraphs.Count);
        Assert.Equal("责任单位：区工信局、市自然资源和规划局孟津分局、市生态环境局孟津分局，各镇（街道、开发区）政府（办事处、管委会）", paragraphs[1].Text);
    }

    [Fact]
    public void MengjinUnitLineCutRightAfterAFullNameStillContinues()
    {
        var paragraphs = Join(
            "责任单位：区商务局、交通运输局、发展改革委、市公安局",
            "孟津分局、市生态环境局孟津分局、应急管理局，各镇（街道、",
            " 开发区）政府（办事处、管委会）",
            "（四）强化面源污染治理，提升精细化管理水平");

        Assert.Equal(2, paragraphs.Count);
        Assert.EndsWith("市公安局孟津分局、市生态环境局孟津分局、应急管理局，各镇（街道、开发区）政府（办事处、管委会）", paragraphs[0].Text);
    }

    [Fact]
    public void BodyTextAfterACompleteUnitBlockStartsANewParagraph()
    {
        var paragraphs = Join(
            "责任单位：区交通运输局、机关事务服务中心、财政局，各镇（街道、开发区）",
            "政府（办事处、管委会）",
            " 全面淘汰采用稀薄燃烧技术的燃气货车和国三以下排放标",
            "准柴油货车。（区交通运输局、市公安局孟津分局按职责分工负",
            "责，各镇政府、各街道办事处、先进制造业开发区管委会配合落",
            "实）");

        Assert.Equal(2, paragraphs.Count);
        Assert.EndsWith("政府（办事处、管委会）", paragraphs[0].Text);
        Assert.StartsWith("全面淘汰", paragraphs[1].Text);
        Assert.EndsWith("配合落实）", paragraphs[1].Text);
    }

    [Fact]
    public void ChapterHeadingNeverSwallowsTheFollowingBody()
    {
        var paragraphs = Join("一、指导思想", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党", "的二十大精神。");

        Assert.Equal(["一、指导思想", "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。"], paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void LuoheWrappedBlockIsJoinedAcrossLines()
    {
        var paragraphs = Join(
            "关停退出ꎮ (市工业和信息化局、 市发展改革委、 市生态环境局",
            "按职责分工负责)",
            "(三) 开展传统产业集群升级改造ꎮ");

        Assert.Equal(2, paragraphs.Count);
        Assert.Equal("关停退出。（市工业和信息化局、市发展改革委、市生态环境局按职责分工负责）", paragraphs[0].Text);
    }
}
