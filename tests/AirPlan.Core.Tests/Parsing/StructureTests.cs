using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

public class StructureTests
{
    [Fact]
    public void YichuanNumberedSubitemsCarryTheirOwnUnits()
    {
        var task = Seeds.Plan("yichuan-2024").Tasks.Single(t => t.Number == "（十一）");

        Assert.Equal("加快提升机动车绿色低碳水平", task.Title);
        Assert.Equal(["1", "2", "3"], task.Subitems.Select(s => s.Number));
        Assert.Equal(["县工业信息化和商务局"], task.Subitems[0].Lead);
        Assert.Equal(["洛阳市生态环境局伊川分局"], task.Subitems[2].Lead);
        // The task rolls its sub-items up.
        Assert.Equal(["县工业信息化和商务局", "县交通运输局", "县公安局", "洛阳市生态环境局伊川分局"], task.Lead);
        Assert.DoesNotContain("县交通运输局", task.Supporting);
    }

    [Fact]
    public void YichuanSubitemWhoseBlockStandsOnItsOwnLineKeepsIt()
    {
        var task = Seeds.Plan("yichuan-2024").Tasks.Single(t => t.Number == "（十五）");

        Assert.Equal(["县住建局"], task.Subitems[0].Lead);
        Assert.Equal(["县交通运输局"], task.Subitems[2].Lead);
    }

    [Fact]
    public void MengjinUnnumberedParagraphsWithTheirOwnBlockAreSubitems()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks.Single(t => t.Number == "11");

        Assert.Equal(2, task.Subitems.Count);
        Assert.StartsWith("全面淘汰采用稀薄燃烧技术的燃气货车", task.Subitems[0].Text);
        Assert.Equal(["区交通运输局", "市公安局孟津分局"], task.Subitems[0].Lead);
        Assert.Equal(TownshipScope.All, task.Subitems[0].Townships);
        Assert.Equal(["市生态环境局孟津分局"], task.Subitems[1].Lead);
    }

    [Fact]
    public void MengjinParagraphWithoutItsOwnBlockStaysInTheTaskBody()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks.Single(t => t.Number == "18");

        Assert.Equal("持续实施低（无）VOCs含量原辅材料替代", task.Title);
        Assert.Contains("鼓励引导企业生产和使用低VOCs含量涂料", task.Text);
        Assert.Equal(2, task.Subitems.Count);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], task.Lead.Take(2));
    }

    [Fact]
    public void JiyuanBlockOnTheLineAfterTheParagraphBelongsToTheTask()
    {
        var task = Seeds.Plan("jiyuan-2024").Tasks.Single(t => t.Title == "深入谋划减排项目");

        Assert.Equal(["示范区生态环境局"], task.Lead);
        Assert.EndsWith("（示范区生态环境局牵头）", task.Text);
    }

    [Fact]
    public void TaskTextIsRepairedAndFreeOfJunk()
    {
        var task = Seeds.Plan("yichuan-2024").Tasks.Single(t => t.Number == "（二）");

        Assert.DoesNotContain("行政规范性文件", task.Text);
        Assert.DoesNotContain("---", task.Text);
        Assert.Contains("《河南省淘汰落后产能综合标准体系（2023年本）》", task.Text);
        Assert.Equal(39, task.Line);
    }

    [Fact]
    public void PlanWithTheSameLayoutFromAnotherCountyIsReadByTheSameRules()
    {
        const string text = """
            某某县人民政府办公室
            关于印发某某县空气质量持续改善实施方案的通知
            某政办〔2025〕3号
            2025年3月1日
            某某县空气质量持续改善实施方案
            一、工作目标
            到2025年，全县PM2.5浓度不高于40微克/立方米。
            二、重点任务
            （一）推进产业结构调整。2025年6月底前完成排查。（县发展改革委牵头，县工信局、生态环境分局配合，各乡镇人民政府负责落实）
            （二）加强扬尘治理。督促指导城关镇人民政府做好道路保洁。（县住建局、城管局按职责分工负责）
            三、保障措施
            （三）加强组织领导。各乡镇要高度重视。
            """;

        var plan = PlanParser.Parse(text);

        Assert.Empty(plan.Warnings);
        Assert.Equal("某某县", plan.Region);
        Assert.Equal("某政办〔2025〕3号", plan.DocNumber);
        Assert.Equal(2, plan.Tasks.Count);
        Assert.Equal(["县发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["县工信局", "县生态环境分局"], plan.Tasks[0].Supporting);
        Assert.Equal(new DateOnly(2025, 6, 30), plan.Tasks[0].Deadlines.Single().Date);
        Assert.Equal(["县住建局", "县城管局"], plan.Tasks[1].Lead);
        Assert.Equal(["城关镇"], plan.Tasks[1].Townships.Names);
        Assert.Contains(plan.Targets, t => t.Value == 40m);
    }

    [Fact]
    public void EachUnitLineOfAMengjinTaskStaysOnItsOwnLine()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks.Single(t => t.Number == "5");

        Assert.Contains("项目建设。\n牵头单位：区发展改革委\n责任单位：区城市管理局", task.Text);
    }
}
