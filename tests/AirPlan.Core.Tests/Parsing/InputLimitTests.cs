using System.Text;
using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>The parser's cost is bounded: documents beyond PlanLimits are refused with a reason, and its work is linear.</summary>
public class InputLimitTests
{
    [Fact]
    public void ATextOverTheCharacterLimitIsRefusedWithAReasonAndNotParsed()
    {
        // One long line of task-like text: the line limit does not apply, only the character limit.
        var text = Seeds.Text("mengjin-2024").Replace("\n", "").PadRight(PlanLimits.MaxCharacters + 1, '。');

        var plan = PlanParser.Parse(text);

        Assert.NotNull(plan.Refusal);
        Assert.Contains($"超过上限 {PlanLimits.MaxCharacters} 字", plan.Refusal);
        Assert.Empty(plan.Tasks);
        Assert.Equal(plan.Refusal, Assert.Single(plan.Warnings).Message);
    }

    [Fact]
    public void ATextOverTheLineLimitIsRefusedWithAReason()
    {
        var text = string.Concat(Enumerable.Repeat("（一）加强组织领导。\r\n", PlanLimits.MaxLines + 1));

        var plan = PlanParser.Parse(text);

        Assert.Contains($"共 {PlanLimits.MaxLines + 2} 行，超过上限 {PlanLimits.MaxLines} 行", plan.Refusal);
        Assert.Empty(plan.Tasks);
    }

    [Fact]
    public void ATextWithinBothLimitsIsParsedAsBefore()
    {
        Assert.Null(PlanLimits.Check(new string('字', PlanLimits.MaxCharacters)));
        Assert.Null(PlanLimits.Check(string.Concat(Enumerable.Repeat("行\n", PlanLimits.MaxLines - 1))));
        var plan = PlanParser.Parse(Seeds.Text("mengjin-2024"));
        Assert.Null(plan.Refusal);
        Assert.Equal(34, plan.Tasks.Count);
    }

    [Fact]
    public void AFileLargerThanThreeBytesPerAllowedCharacterIsRefusedUnread()
    {
        Assert.Null(PlanLimits.CheckFileSize(PlanLimits.MaxFileBytes));
        Assert.Contains("未读取", PlanLimits.CheckFileSize(PlanLimits.MaxFileBytes + 1));
    }

    // Grouping unit spellings compared every mention with every earlier one, so a plan repeating its task list ran
    // quadratically (8 MB: 31 s). Each distinct name is now compared once, whatever the number of mentions.
    [Fact]
    public void GroupingUnitNamesComparesEachDistinctNameOnceHoweverOftenItIsMentioned()
    {
        string[] names = ["区生态环境局", "区住房城乡建设局", "区住房和城乡建设局", "区城管局", "区交通运输局", "区公安局", "区市场监督管理局", "区市场监管局", "区发展改革委"];

        int ComparisonsFor(int repetitions)
        {
            var normalizer = new UnitNormalizer("孟津区", null);
            for (var i = 0; i < repetitions; i++)
                foreach (var n in names) normalizer.Add(n);
            var result = normalizer.Build();
            Assert.Equal(7, result.Units.Count);
            return normalizer.Comparisons;
        }

        Assert.Equal(ComparisonsFor(1), ComparisonsFor(2000));
    }
}
