using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>Odd input gives warnings with line numbers, never exceptions.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    public void EmptyFileGivesAWarningNotAnException(string text)
    {
        var plan = PlanParser.Parse(text);

        Assert.Empty(plan.Tasks);
        var w = Assert.Single(plan.Warnings);
        Assert.Equal(1, w.Line);
        Assert.Contains("为空", w.Message);
    }

    [Fact]
    public void NullTextIsTreatedAsEmpty()
    {
        var plan = PlanParser.Parse(null!);

        Assert.Single(plan.Warnings);
    }

    [Fact]
    public void BinaryGarbageGivesAWarning()
    {
        var bytes = Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 256)).ToArray();
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        var plan = PlanParser.Parse(text);

        Assert.Empty(plan.Tasks);
        Assert.Contains(plan.Warnings, w => w.Message.Contains("不是可读的文本"));
    }

    [Fact]
    public void DocumentWithoutTasksSaysSoWithALineNumber()
    {
        var plan = PlanParser.Parse("关于做好春节期间工作的通知\n一、总体要求\n各单位要高度重视。\n二、工作安排\n（一）加强值守。认真做好值班工作。");

        Assert.Empty(plan.Tasks);
        Assert.Contains(plan.Warnings, w => w.Line == 2 && w.Message.Contains("未找到任何标明责任单位的工作任务"));
    }

    [Fact]
    public void ProseWithoutAnyStructureSaysSo()
    {
        var plan = PlanParser.Parse("这是一段普通的文字，没有任何编号。\n第二行也没有。");

        Assert.Empty(plan.Tasks);
        Assert.Contains(plan.Warnings, w => w.Message.Contains("无法理解"));
    }

    [Fact]
    public void TaskInAWorkChapterWithoutUnitsIsKeptWithAWarning()
    {
        var plan = PlanParser.Parse("某县空气质量实施方案\n一、主要任务\n（一）第一项。内容。（县环保局牵头）\n（二）第二项。没有写明责任单位。");

        Assert.Equal(2, plan.Tasks.Count);
        var w = Assert.Single(plan.Warnings);
        Assert.Equal(4, w.Line);
        Assert.Equal("任务“（二）”未找到责任单位", w.Message);
    }

    [Fact]
    public void UnreadableUnitIsReportedWithItsLine()
    {
        var plan = PlanParser.Parse("某县空气质量实施方案\n一、主要任务\n（一）第一项。内容。（县环保局牵头，认真组织实施各项工作配合）");

        Assert.Contains(plan.Warnings, w => w.Line == 3 && w.Message.Contains("无法识别的责任单位"));
    }

    [Fact]
    public void GapInNumberingIsReported()
    {
        var plan = PlanParser.Parse("某县空气质量实施方案\n一、主要任务\n（一）第一项。（县环保局牵头）\n（三）第三项。（县环保局牵头）");

        Assert.Contains(plan.Warnings, w => w.Line == 4 && w.Message.Contains("不连续"));
    }

    [Fact]
    public void RandomTextNeverThrows()
    {
        var random = new Random(42);
        const string alphabet = "（）()一二三、1.，。牵头配合负责单位：局镇各\n ";
        for (var i = 0; i < 200; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var plan = PlanParser.Parse(text);
            Assert.NotNull(plan);
            Assert.DoesNotContain(plan.Warnings, w => w.Message.Contains("内部错误"));
        }
    }
}
