using AirPlan.Core.Formatting;

namespace AirPlan.Core.Tests.Formatting;

public class DeadlineWordingTests
{
    [Fact]
    public void EveryDeadlineIsALineInTheOfficesWordsInDateOrder()
    {
        var text = DeadlineWording.Text([new DateOnly(2025, 12, 31), new DateOnly(2024, 10, 31)], null, false);

        Assert.Equal("2024年10月31日前\n2025年12月31日前", text);
    }

    [Fact]
    public void ASingleDeadlineIsWrittenTheSameWayAsSeveral()
    {
        Assert.Equal(["2025年10月31日前"], DeadlineWording.Lines([new DateOnly(2025, 10, 31)], null, false));
    }

    [Fact]
    public void ARecurrenceFollowsTheDatesAndATaskWithNeitherSaysWhy()
    {
        Assert.Equal(["2025年6月30日前", "每季度"], DeadlineWording.Lines([new DateOnly(2025, 6, 30)], "每季度", false));
        Assert.Equal(["持续推进"], DeadlineWording.Lines([], null, isContinuous: true));
        Assert.Equal(["未明确时限"], DeadlineWording.Lines([], null, isContinuous: false));
    }

    [Fact]
    public void YichuanTaskTwentyIsOngoingWorkByTheOneRule()
    {
        var task = Seeds.Plan("yichuan-2024").Tasks.Single(t => t.Number == "（二十）");

        Assert.Equal(["持续推进"], DeadlineWording.Lines(task.Deadlines.Select(d => d.Date), task.Recurrence, task.IsContinuous));
    }
}
