using AirPlan.Core.Formatting;

namespace AirPlan.Core.Tests.Formatting;

public class SectionPathTests
{
    [Fact]
    public void AMengjinTaskUnderSectionTwoOfChapterThreeReadsChapterThenNumberedSection()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks.Single(t => t.Number == "5");
        var chapter = Seeds.Plan("mengjin-2024").Chapters.Single(c => c.Number == task.ChapterNumber);

        Assert.Equal("三、主要任务 › （二）优化能源结构，加快能源清洁低碳高效发展", SectionPath.Of(chapter.Number, chapter.Title, task.Section));
    }

    [Fact]
    public void AYichuanTaskWhoseChapterIsItsSectionReadsTheChapterOnce()
    {
        var plan = Seeds.Plan("yichuan-2024");
        var task = plan.Tasks.Single(t => t.Number == "（二十）");
        var chapter = plan.Chapters.Single(c => c.Number == task.ChapterNumber);

        Assert.Equal("六、加强多污染物减排，切实降低排放强度", SectionPath.Of(chapter.Number, chapter.Title, task.Section));
    }

    [Fact]
    public void ASectionStoredBeforeItCarriedItsNumberStillFollowsItsChapter()
    {
        Assert.Equal("三、主要任务 › 优化能源结构", SectionPath.Of("三", "主要任务", "优化能源结构"));
        Assert.Equal("（一）总则", SectionPath.Of("", "", "（一）总则"));
    }
}
