using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>Each kind of correction the review counts (需要核对), on Mengjin's own tasks with one thing wrong.</summary>
public class ReviewFindingsTests
{
    private const string Header = """
        洛阳市孟津区空气质量持续改善实施方案
        一、主要任务
        """;

    private static ParsedTask Task(string number, string title, string[] lead, string[]? supporting = null, TownshipScope? scope = null,
        ParsedDeadline[]? deadlines = null, string text = "", string section = "") => new()
    {
        Number = number, Title = title, Text = text.Length > 0 ? text : title + "。", Line = 10, Lead = lead, Supporting = supporting ?? [],
        Townships = scope ?? TownshipScope.None, Deadlines = deadlines ?? [], Section = section,
    };

    private static IReadOnlyList<ReviewFinding> Of(ParsedTask task, ReviewContext? context = null) =>
        ReviewFindings.Of(new ParsedPlan { Region = "孟津区", PlanYear = 2024, Tasks = [task] }, context);

    [Fact]
    public void AWarningAtATasksLineIsACorrectionButNoUnitsIsCountedOnceAsAMissingLead()
    {
        var plan = PlanParser.Parse(Header + "\n" + """
            1．坚决遏制“两高”项目盲目发展。严格落实国家、省和市的政策要求。（区发展改革委牵头，区工信局、某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某配合）
            2．加快淘汰落后产能。严格落实国家和省产业政策。
            3．开展传统产业集群升级改造。（区工信局牵头）
            """);

        var findings = ReviewFindings.Of(plan);

        Assert.Equal([ReviewFindingKind.Warning, ReviewFindingKind.NoLead], findings.Select(f => f.Kind).Order());
        Assert.Contains("无法识别的责任单位", findings.Single(f => f.Kind == ReviewFindingKind.Warning).Message);
        Assert.StartsWith("2「加快淘汰落后产能」", findings.Single(f => f.Kind == ReviewFindingKind.NoLead).Task);
    }

    [Fact]
    public void ACollectivePhraseATownshipOrASubordinateGovernmentAmongTheUnitsIsNotAUnit()
    {
        var findings = Of(Task("1", "加快淘汰落后产能", ["区工信局"], ["各乡镇人民政府", "城关镇人民政府", "加强监督检查"]));

        Assert.Equal(3, findings.Count(f => f.Kind == ReviewFindingKind.NotAUnit));
        var city = ReviewFindings.Of(new ParsedPlan { Region = "漯河市", Tasks = [Task("（一）", "加快淘汰落后产能", ["郾城区人民政府"])] });
        Assert.Equal([ReviewFindingKind.NotAUnit], city.Select(f => f.Kind));
    }

    [Fact]
    public void ASecondSpellingOfAUnitOfTheRegionOrOfThePlanIsOneCorrectionButTwoLevelsAreTwoUnits()
    {
        var known = new ReviewContext(["区住房和城乡建设局"], []);
        Assert.Equal([ReviewFindingKind.UnitVariant], Of(Task("1", "加强扬尘污染综合治理", ["区住房城乡建设局"]), known).Select(f => f.Kind));

        var plan = new ParsedPlan
        {
            Region = "孟津区",
            Tasks = [Task("1", "加强扬尘污染综合治理", ["区住建局"]), Task("2", "加快淘汰落后产能", ["住建局", "市住建局"]), Task("3", "开展专项治理", ["住建局"])],
        };
        var findings = ReviewFindings.Of(plan);
        Assert.Equal("“住建局”与“区住建局”疑为同一单位", Assert.Single(findings).Message);
    }

    [Fact]
    public void DeadlineWordsThatWereNotReadAsADeadlineNeedALook()
    {
        var unread = Task("1", "实施工业炉窑清洁能源替代", ["区工信局"], text: "实施工业炉窑清洁能源替代。2024年10月底前完成排查。");
        var read = Task("1", "实施工业炉窑清洁能源替代", ["区工信局"], text: "实施工业炉窑清洁能源替代。2024年10月底前完成排查。",
            deadlines: [new ParsedDeadline(new DateOnly(2024, 10, 31), "2024年10月底前")]);

        Assert.Equal("时限“2024年10月底前”未读为完成时限", Assert.Single(Of(unread)).Message);
        Assert.Empty(Of(read));
    }

    [Fact]
    public void ATownshipThatIsNotOneOfTheRegionsIsAWrongScope()
    {
        var context = new ReviewContext([], ["城关镇", "会盟镇"]);

        Assert.Empty(Of(Task("1", "加强扬尘污染综合治理", ["区住建局"], scope: TownshipScope.Of(["城关镇", "高新技术产业开发区"])), context));
        Assert.Equal([ReviewFindingKind.Scope], Of(Task("1", "加强扬尘污染综合治理", ["区住建局"], scope: TownshipScope.Of(["克井镇"])), context)
            .Select(f => f.Kind));
    }

    [Theory]
    [InlineData("", "没有任务名称")]
    [InlineData("严格落实国家、省和市坚决遏制两高项目发展的政策要求建立完善两高项目管理清单实施…", "任务名称是截取的前若干字，不是标题句")]
    [InlineData("区发展改革委牵头，区工信局配合", "任务名称是责任单位")]
    public void ATitleThatIsNoTitleNeedsALook(string title, string message) =>
        Assert.Equal(message, Assert.Single(Of(Task("1", title, ["区发展改革委"]))).Message);

    [Fact]
    public void ATaskTheReviewerHasEditedHasHadItsWarningsAndWordingLookedAtButNotItsUnits()
    {
        var plan = new ParsedPlan
        {
            Region = "孟津区",
            Tasks = [Task("1", "", [], text: "加强扬尘治理。2024年10月底前完成。")],
            Warnings = [new ParseWarning(10, "任务编号“1”与上一条编号不连续，可能漏读或多读了条目")],
        };

        Assert.Equal(4, ReviewFindings.Of(plan).Count);
        Assert.Equal([ReviewFindingKind.NoLead], ReviewFindings.Of(plan, reviewed: line => line == 10).Select(f => f.Kind));
    }
}
