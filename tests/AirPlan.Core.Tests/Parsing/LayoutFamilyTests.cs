using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>
/// The layouts other counties, cities and provinces write their plans in (docs/plan-format.md, "Layout families"), each
/// built by re-laying out Mengjin's own tasks: the same rules must find the same tasks, units, scope and deadlines.
/// </summary>
public class LayoutFamilyTests
{
    private const string Header = """
        洛阳市孟津区人民政府办公室
        关于印发洛阳市孟津区空气质量持续改善实施方案的通知
        孟政办〔2024〕21号
        2024年6月3日
        洛阳市孟津区空气质量持续改善实施方案
        一、工作目标
        到2025年，全区PM2.5浓度不高于36微克/立方米。
        """;

    private const string Task1 = "坚决遏制“两高”项目盲目发展。严格落实国家、省和市坚决遏制“两高”项目发展的政策要求，建立完善“两高”项目管理清单，实施动态监管。";
    private const string Task2 = "加快淘汰落后产能。严格落实国家和省产业政策，逐步退出限制类涉气行业工艺和装备。";
    private const string Task8 = "实施工业炉窑清洁能源替代。到2024年10月底前，排查推进符合条件的企业采用园区（集群）集中供气、分散使用方式。2025年年底前，使用高污染燃料的加热炉改用清洁低碳能源。";

    private static ParsedPlan Parse(string body, string header = Header) => PlanParser.Parse(header + "\n" + body);

    [Fact]
    public void HalfWidthBracketsAndColonsFromAPdfConverterReadLikeFullWidthOnes()
    {
        var plan = Parse("""
            二、主要任务
            (一)坚决遏制"两高"项目盲目发展。严格落实国家、省和市坚决遏制"两高"项目发展的政策要求。(牵头单位:区发展改革委;责任单位:区工信局、市生态环境局孟津分局,各镇(街道、开发区)政府(办事处、管委会))
            (二)加快淘汰落后产能。2025年6月底前完成排查。(牵头单位:区工信局,责任单位:区发展改革委)
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(["（一）", "（二）"], plan.Tasks.Select(t => t.Number));
        Assert.Equal("坚决遏制\"两高\"项目盲目发展", plan.Tasks[0].Title);
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], plan.Tasks[0].Supporting);
        Assert.Equal(TownshipScope.All, plan.Tasks[0].Townships);
        Assert.Equal(["区工信局"], plan.Tasks[1].Lead);
        Assert.Equal(new DateOnly(2025, 6, 30), plan.Tasks[1].Deadlines.Single().Date);
    }

    [Fact]
    public void TraditionalCharacterPlanIsReadThroughItsSimplifiedFormAndKeepsItsOwnText()
    {
        var plan = PlanParser.Parse("""
            洛陽市孟津區人民政府辦公室
            孟政辦〔2024〕21號
            2024年6月3日
            洛陽市孟津區空氣質量持續改善實施方案
            一、工作目標
            到2025年，全區PM2.5濃度不高於36微克/立方米。
            二、主要任務
            （一）優化產業結構
            1．堅決遏制「兩高」項目盲目發展。嚴格落實國家、省和市堅決遏制「兩高」項目發展的政策要求，建立完善「兩高」項目管理清單。
            牽頭單位：區發展改革委
            責任單位：區工信局、市生態環境局孟津分局，各鎮（街道、開發區）政府（辦事處、管委會）
            2．實施工業爐窯清潔能源替代。到2024年10月底前，排查推進符合條件的企業採用園區集中供氣。2025年年底前，使用高污染燃料的加熱爐改用清潔低碳能源。（市生態環境局孟津分局牽頭，區發展改革委、工信局按職責分工負責，城關鎮人民政府負責落實）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal("洛陽市孟津區空氣質量持續改善實施方案", plan.Title);
        Assert.Equal("孟津区", plan.Region);
        Assert.Equal("孟政辦〔2024〕21號", plan.DocNumber);
        Assert.Equal("主要任務", plan.Chapters[1].Title);
        var first = plan.Tasks[0];
        Assert.Equal("堅決遏制「兩高」項目盲目發展", first.Title);
        Assert.Equal("（一）優化產業結構", first.Section);
        Assert.StartsWith("堅決遏制「兩高」項目盲目發展。嚴格落實", first.Text);
        Assert.Contains("\n牽頭單位：區發展改革委\n", first.Text);
        // Units and townships are matched against the region's (simplified) units and divisions.
        Assert.Equal(["区发展改革委"], first.Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], first.Supporting);
        Assert.Equal(TownshipScope.All, first.Townships);
        var second = plan.Tasks[1];
        Assert.Equal("實施工業爐窯清潔能源替代", second.Title);
        Assert.Equal(["市生态环境局孟津分局"], second.Lead);
        Assert.Equal(["区发展改革委", "区工信局"], second.Supporting);
        Assert.Equal(["城关镇"], second.Townships.Names);
        Assert.Equal([new DateOnly(2024, 10, 31), new DateOnly(2025, 12, 31)], second.Deadlines.Select(d => d.Date));
        Assert.Equal("2025年年底前", second.Deadlines[1].Text);
    }

    [Theory]
    [InlineData("1.", "2.", "1", "2")]
    [InlineData("1、", "2、", "1", "2")]
    [InlineData("1 .", "2 .", "1", "2")]
    [InlineData("1．", "2．", "1", "2")]
    [InlineData("（1）", "（2）", "（1）", "（2）")]
    [InlineData("(1)", "(2)", "（1）", "（2）")]
    [InlineData("①", "②", "①", "②")]
    [InlineData("（一）", "（二）", "（一）", "（二）")]
    [InlineData("(一)", "(二)", "（一）", "（二）")]
    public void EveryNumberingStyleMarksTheTasks(string first, string second, string firstNumber, string secondNumber)
    {
        var plan = Parse($"""
            二、主要任务
            {first}{Task1}（区发展改革委牵头，区工信局配合）
            {second}{Task2}（区工信局牵头，区发展改革委配合）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal([firstNumber, secondNumber], plan.Tasks.Select(t => t.Number));
        Assert.Equal(["坚决遏制“两高”项目盲目发展", "加快淘汰落后产能"], plan.Tasks.Select(t => t.Title));
        Assert.Equal([["区发展改革委"], ["区工信局"]], plan.Tasks.Select(t => t.Lead));
        Assert.All(plan.Tasks, t => Assert.Equal("二", t.ChapterNumber));
    }

    [Fact]
    public void WorkItemsAtTheTopLevelAreTasksAndTheirOwnChapters()
    {
        var plan = PlanParser.Parse($"""
            洛阳市孟津区2024年产业结构调整工作方案
            为持续改善空气质量，制定本方案。
            一、{Task1}（区发展改革委牵头，区工信局、市生态环境局孟津分局配合）
            二、{Task2}
            牵头单位：区工信局
            责任单位：区发展改革委
            三、{Task8}（市生态环境局孟津分局负责）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(["一", "二", "三"], plan.Tasks.Select(t => t.Number));
        Assert.Equal(["坚决遏制“两高”项目盲目发展", "加快淘汰落后产能", "实施工业炉窑清洁能源替代"], plan.Chapters.Select(c => c.Title));
        Assert.All(plan.Chapters, c => Assert.True(c.HasTasks));
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], plan.Tasks[0].Supporting);
        Assert.Equal(["区工信局"], plan.Tasks[1].Lead);
        Assert.Equal(["区发展改革委"], plan.Tasks[1].Supporting);
        Assert.Equal(["市生态环境局孟津分局"], plan.Tasks[2].Lead);
        Assert.Equal(2, plan.Tasks[2].Deadlines.Count);
    }

    [Fact]
    public void DeeperLevelsUnderTheTasksAreSubitemsAndLevelsAboveAreSections()
    {
        var plan = Parse($"""
            二、主要任务
            （一）优化产业结构
            1．坚决遏制“两高”项目盲目发展
            （1）严格项目准入。严格落实国家、省和市政策要求。（区发展改革委牵头，区工信局配合）
            （2）实施动态监管。建立完善“两高”项目管理清单。（区工信局负责）
            2．加快淘汰落后产能
            （1）淘汰砖瓦窑。有序退出砖瓦行业烧结砖生产线。（区工信局牵头）
            （二）优化能源结构
            1．{Task8}（市生态环境局孟津分局牵头）
            ①排查供气条件。（区发展改革委负责）
            ②替代高污染燃料。（区城市管理局负责）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(["（1）", "（2）", "（1）", "1"], plan.Tasks.Select(t => t.Number));
        Assert.Equal("1.坚决遏制“两高”项目盲目发展", plan.Tasks[0].Section);
        Assert.Equal("2.加快淘汰落后产能", plan.Tasks[2].Section);
        var task8 = plan.Tasks[3];
        Assert.Equal("实施工业炉窑清洁能源替代", task8.Title);
        Assert.Equal(["①", "②"], task8.Subitems.Select(s => s.Number));
        Assert.Equal(["区城市管理局"], task8.Subitems[1].Lead);
        Assert.Equal(["市生态环境局孟津分局", "区发展改革委", "区城市管理局"], task8.Lead);
    }

    [Fact]
    public void UnnumberedItemsAreAHeadingSentenceItsParagraphsAndAUnitBracket()
    {
        var plan = Parse("""
            二、主要任务
            坚决遏制“两高”项目盲目发展
            严格落实国家、省和市坚决遏制“两高”项目发展的政策要求，建立完善“两高”项目管理清单。
            全区严禁新增钢铁产能，严格执行有关行业产业置换政策。
            （牵头单位：区发展改革委；责任单位：区工信局、市生态环境局孟津分局）
            实施工业炉窑清洁能源替代
            到2024年10月底前，排查推进符合条件的企业采用园区集中供气。（市生态环境局孟津分局牵头，区发展改革委配合）
            三、保障措施
            加强组织领导。各镇街要高度重视。
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(2, plan.Tasks.Count);
        var first = plan.Tasks[0];
        Assert.Equal("坚决遏制“两高”项目盲目发展", first.Title);
        Assert.Equal("", first.Number);
        Assert.Equal(9, first.Line);
        Assert.Contains("全区严禁新增钢铁产能", first.Text);
        Assert.Equal(["区发展改革委"], first.Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], first.Supporting);
        Assert.Equal("实施工业炉窑清洁能源替代", plan.Tasks[1].Title);
        Assert.Equal(["市生态环境局孟津分局"], plan.Tasks[1].Lead);
        Assert.Equal(new DateOnly(2024, 10, 31), plan.Tasks[1].Deadlines.Single().Date);
    }

    [Theory]
    [InlineData("牵头单位", "配合单位")]
    [InlineData("牵头部门", "配合部门")]
    [InlineData("主办单位", "协办单位")]
    [InlineData("主责单位", "参与单位")]
    [InlineData("牵头单位", "责任单位")]
    [InlineData("牵头部门", "责任部门")]
    public void EveryUnitLabelGivesItsRole(string leadLabel, string otherLabel)
    {
        var plan = Parse($"""
            二、主要任务
            1．{Task1}
            {leadLabel}：区发展改革委
            {otherLabel}：区工信局、市生态环境局孟津分局
            2．{Task2}（{leadLabel}：区工信局；{otherLabel}：区发展改革委）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], plan.Tasks[0].Supporting);
        Assert.Equal(["区工信局"], plan.Tasks[1].Lead);
        Assert.Equal(["区发展改革委"], plan.Tasks[1].Supporting);
    }

    [Theory]
    [InlineData("责任单位")]
    [InlineData("责任部门")]
    public void UnitsResponsibleWithoutALeadLeadJointly(string label)
    {
        var plan = Parse($"""
            二、主要任务
            1．{Task1}（{label}：区发展改革委、区工信局）
            """);

        Assert.Equal(["区发展改革委", "区工信局"], plan.Tasks[0].Lead);
        Assert.Empty(plan.Tasks[0].Supporting);
    }

    [Theory]
    [InlineData("区发展改革委负责，区工信局、市生态环境局孟津分局配合")]
    [InlineData("区发展改革委主责，区工信局、市生态环境局孟津分局配合")]
    [InlineData("区发展改革委牵头负责，区工信局、市生态环境局孟津分局参与")]
    public void ResponsibleOrPrincipalMarksTheLead(string block)
    {
        var plan = Parse($"""
            二、主要任务
            1．{Task1}（{block}）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], plan.Tasks[0].Supporting);
    }

    [Theory]
    // A unit line of its own after the task, without brackets or label.
    [InlineData($"{Task1}\n区发展改革委牵头，区工信局、市生态环境局孟津分局配合。")]
    // Inside the paragraph after its last sentence, without brackets.
    [InlineData($"{Task1}牵头单位：区发展改革委；配合单位：区工信局、市生态环境局孟津分局。")]
    [InlineData($"{Task1}区发展改革委牵头，区工信局、市生态环境局孟津分局配合。")]
    // The opening or the closing bracket lost.
    [InlineData($"{Task1}牵头单位：区发展改革委，配合单位：区工信局、市生态环境局孟津分局）")]
    [InlineData($"{Task1}（牵头单位：区发展改革委，配合单位：区工信局、市生态环境局孟津分局")]
    // The colon lost, or the separator between two labels.
    [InlineData($"{Task1}\n牵头单位 区发展改革委\n配合单位 区工信局、市生态环境局孟津分局")]
    [InlineData($"{Task1}（牵头单位：区发展改革委配合单位：区工信局、市生态环境局孟津分局）")]
    public void UnitBlockWithItsBracketOrSeparatorMissingIsStillRead(string task)
    {
        var plan = Parse($"""
            二、主要任务
            1．{task}
            2．{Task2}（区工信局牵头）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(2, plan.Tasks.Count);
        Assert.Equal("坚决遏制“两高”项目盲目发展", plan.Tasks[0].Title);
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], plan.Tasks[0].Supporting);
        Assert.DoesNotContain("区发展改革委", plan.Tasks[0].Title);
        Assert.Equal(["区工信局"], plan.Tasks[1].Lead);
    }

    [Theory]
    [InlineData("各项任务责任单位中，列第一位者为牵头单位。")]
    [InlineData("（排在第一位的为牵头单位，下同）")]
    public void StatementThatTheFirstListedUnitLeadsAppliesAnywhereInTheDocument(string statement)
    {
        var plan = Parse($"""
            二、主要任务
            {statement}
            1．{Task1}
            责任单位：区发展改革委、区工信局、市生态环境局孟津分局
            2．{Task2}（区工信局、区发展改革委按职责分工负责）
            3．{Task8}（市生态环境局孟津分局牵头，区发展改革委配合）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(3, plan.Tasks.Count);
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局", "市生态环境局孟津分局"], plan.Tasks[0].Supporting);
        Assert.Equal(["区工信局"], plan.Tasks[1].Lead);
        Assert.Equal(["区发展改革委"], plan.Tasks[1].Supporting);
        // An explicit 牵头 still wins.
        Assert.Equal(["市生态环境局孟津分局"], plan.Tasks[2].Lead);
    }

    [Fact]
    public void StatementInTheNoticeBeforeThePlanCountsToo()
    {
        var plan = PlanParser.Parse($"""
            洛阳市孟津区人民政府办公室
            关于印发洛阳市孟津区空气质量持续改善实施方案的通知
            各镇人民政府、街道办事处，区直各单位：现将方案印发给你们（责任单位中排在第一位的为牵头单位），请认真贯彻落实。
            洛阳市孟津区空气质量持续改善实施方案
            一、主要任务
            1．{Task1}（区发展改革委、区工信局按职责分工负责）
            """);

        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局"], plan.Tasks[0].Supporting);
    }

    [Fact]
    public void CityPlanCollectivePhraseForCountiesSetsTheScopeNotAUnit()
    {
        var plan = PlanParser.Parse($"""
            洛阳市空气质量持续改善实施方案
            一、主要任务
            （一）{Task1}（市发展改革委牵头，市工业和信息化局配合，各县（市、区）人民政府、开发区管委会负责落实）
            （二）{Task2}（市工业和信息化局牵头，各区县政府负责落实）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal("洛阳市", plan.Region);
        Assert.Equal(TownshipScope.All, plan.Tasks[0].Townships);
        Assert.Equal(["市工业和信息化局"], plan.Tasks[0].Supporting);
        Assert.Equal(TownshipScope.All, plan.Tasks[1].Townships);
        Assert.Empty(plan.Tasks[1].Supporting);
        Assert.DoesNotContain(plan.Units, u => u.Name.Contains("各"));
    }

    [Fact]
    public void ProvincePlanCollectivePhraseForCitiesSetsTheScopeNotAUnit()
    {
        var plan = PlanParser.Parse($"""
            河南省空气质量持续改善行动实施方案
            一、主要任务
            （一）{Task1}（省发展改革委牵头，省工业和信息化厅、省生态环境厅配合，各省辖市人民政府、济源示范区管委会负责落实）
            （二）{Task2}（省工业和信息化厅负责，各省辖市、县（市、区）人民政府负责落实）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal("河南省", plan.Region);
        Assert.Equal(["省发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["省工业和信息化厅", "省生态环境厅"], plan.Tasks[0].Supporting);
        Assert.Equal(TownshipScope.All, plan.Tasks[0].Townships);
        Assert.Equal(["省工业和信息化厅"], plan.Tasks[1].Lead);
        Assert.Equal(TownshipScope.All, plan.Tasks[1].Townships);
    }

    [Fact]
    public void CityPlanNamingOneCountysGovernmentGivesTheTaskThatCountyAsItsScopeNotAUnit()
    {
        var plan = PlanParser.Parse($"""
            漯河市空气质量持续改善行动实施方案
            一、主要任务
            （一）{Task1}（责任单位：郾城区人民政府、市生态环境局）
            （二）{Task2}（市工业和信息化局牵头，源汇区政府、舞阳县人民政府负责落实）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(["市生态环境局"], plan.Tasks[0].Lead);
        Assert.Equal(["郾城区"], plan.Tasks[0].Townships.Names);
        Assert.Equal(["市工业和信息化局"], plan.Tasks[1].Lead);
        Assert.Empty(plan.Tasks[1].Supporting);
        Assert.Equal(["源汇区", "舞阳县"], plan.Tasks[1].Townships.Names);
        Assert.DoesNotContain(plan.Units, u => u.Name.EndsWith("政府"));
    }

    [Fact]
    public void WithTheRegionsDivisionListADistrictIsAScopeOnlyWhenItIsOneOfTheRegions()
    {
        const string text = $"""
            洛阳市空气质量持续改善实施方案
            一、主要任务
            （一）{Task1}（市发展改革委牵头，偃师区人民政府、郾城区人民政府负责落实）
            """;
        var plan = PlanParser.Parse(text, new PlanParserOptions { Subdivisions = ["偃师区", "孟津区", "新安县"] });

        Assert.Equal(["偃师区"], plan.Tasks[0].Townships.Names);
        // 郾城区 is 漯河's: not an area of this plan, so it stays a unit for the reviewer to look at.
        Assert.Contains(plan.Tasks[0].Supporting, u => u.EndsWith("郾城区人民政府"));
    }

    [Fact]
    public void CountyPlanNamingATownshipsGovernmentGivesThatTownshipAsTheScopeWhateverItsRole()
    {
        var plan = Parse($"""
            二、主要任务
            1．{Task1}（牵头单位：区住建局；责任单位：城关镇人民政府、会盟镇人民政府）
            2．{Task2}（白鹤镇人民政府牵头，区工信局配合）
            """);

        Assert.Equal(["区住建局"], plan.Tasks[0].Lead);
        Assert.Empty(plan.Tasks[0].Supporting);
        Assert.Equal(["城关镇", "会盟镇"], plan.Tasks[0].Townships.Names);
        Assert.Equal(["白鹤镇"], plan.Tasks[1].Townships.Names);
        Assert.DoesNotContain(plan.Units, u => u.Name.EndsWith("政府"));
    }

    [Fact]
    public void AShortNumberedHeadingOverUnnumberedItemsIsTheirSectionNotATaskTitledByIt()
    {
        var plan = Parse($"""
            二、主要任务
            （一）调整产业结构
            {Task1}（牵头单位：区发展改革委；责任单位：区工信局）
            {Task2}（牵头单位：区工信局）
            （二）优化能源结构
            {Task8}（市生态环境局孟津分局牵头）
            三、保障措施
            加强组织领导。
            """);

        Assert.Equal(["坚决遏制“两高”项目盲目发展", "加快淘汰落后产能", "实施工业炉窑清洁能源替代"], plan.Tasks.Select(t => t.Title));
        Assert.Equal(["（一）调整产业结构", "（一）调整产业结构", "（二）优化能源结构"], plan.Tasks.Select(t => t.Section));
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Equal(["区工信局"], plan.Tasks[1].Lead);
        Assert.Empty(ReviewFindings.Of(plan));
    }

    [Fact]
    public void AShortTopLevelHeadingOverItemsIsAChapterAndItsItemsTheTasks()
    {
        var plan = PlanParser.Parse($"""
            洛阳市孟津区空气质量持续改善实施方案
            一、调整产业结构
            1．{Task1}（区发展改革委牵头，区工信局配合）
            2．{Task2}（区工信局牵头）
            二、优化能源结构
            {Task8}（市生态环境局孟津分局牵头）
            """);

        Assert.Equal(["坚决遏制“两高”项目盲目发展", "加快淘汰落后产能", "实施工业炉窑清洁能源替代"], plan.Tasks.Select(t => t.Title));
        Assert.Equal(["一", "一", "二"], plan.Tasks.Select(t => t.ChapterNumber));
        Assert.Equal(["调整产业结构", "优化能源结构"], plan.Chapters.Select(c => c.Title));
    }

    [Fact]
    public void AnItemWhoseShortTitleStandsOnItsOwnLineIsTitledByThatLine()
    {
        var plan = Parse("""
            二、主要任务
            （一）坚决遏制“两高”项目盲目发展
            严格落实国家、省和市坚决遏制“两高”项目发展的政策要求，建立完善“两高”项目管理清单，实施动态监管，严把准入关口。（牵头单位：区发展改革委；责任单位：区工信局）
            （二）加快淘汰落后产能
            严格落实国家和省产业政策，逐步退出限制类涉气行业工艺和装备。（牵头单位：区工信局）
            """);

        Assert.Equal(["坚决遏制“两高”项目盲目发展", "加快淘汰落后产能"], plan.Tasks.Select(t => t.Title));
        Assert.Equal(["区发展改革委"], plan.Tasks[0].Lead);
        Assert.Empty(ReviewFindings.Of(plan));
    }

    [Fact]
    public void AnItemWhoseTitleEndsInAColonIsTitledByTheWordsBeforeIt()
    {
        var plan = Parse("""
            二、主要任务
            1．坚决遏制“两高”项目盲目发展：严格落实国家、省和市坚决遏制“两高”项目发展的政策要求，建立完善“两高”项目管理清单，实施动态监管，严把准入关口。（牵头单位：区发展改革委；责任单位：区工信局）
            """);

        Assert.Equal("坚决遏制“两高”项目盲目发展", plan.Tasks[0].Title);
    }

    [Fact]
    public void CountyPlanCollectivePhraseForTownshipsSetsTheScope()
    {
        var plan = Parse($"""
            二、主要任务
            1．{Task1}（区发展改革委牵头，各乡镇人民政府、街道办事处负责落实）
            """);

        Assert.Equal(TownshipScope.All, plan.Tasks[0].Townships);
        Assert.Empty(plan.Tasks[0].Supporting);
    }

    [Fact]
    public void TargetYearsAndYearEndsWithoutAYearAreDeadlines()
    {
        var plan = Parse("""
            二、主要任务
            1．大力发展清洁能源。加快推进风电和集中式光伏规模化开发。2025年，可再生能源发电装机达到194万千瓦以上。（区发展改革委牵头）
            2．持续开展燃煤设施取缔。2025年：全区淘汰35蒸吨/小时及以下的燃煤锅炉。（区城市管理局牵头）
            3．加强散煤监管。年底前完成散煤销售点排查。（区市场监管局牵头）
            4．实施工业炉窑清洁能源替代。到2025年，全区不再新增燃料类煤气发生炉；年底前完成熔化炉改造。（市生态环境局孟津分局牵头）
            5．加快淘汰落后产能。每年年底前更新淘汰清单，比2020年下降10%。（区工信局牵头）
            """);

        Assert.Empty(plan.Warnings);
        Assert.Equal(2024, plan.PlanYear);
        Assert.Equal(("2025年", new DateOnly(2025, 12, 31)), (plan.Tasks[0].Deadlines.Single().Text, plan.Tasks[0].Deadlines.Single().Date));
        Assert.Equal(new DateOnly(2025, 12, 31), plan.Tasks[1].Deadlines.Single().Date);
        // 年底前 with no year: the plan's year …
        Assert.Equal(("年底前", new DateOnly(2024, 12, 31)), (plan.Tasks[2].Deadlines.Single().Text, plan.Tasks[2].Deadlines.Single().Date));
        // … or the year of the nearest deadline before it in the same task.
        Assert.Equal([new DateOnly(2025, 12, 31)], plan.Tasks[3].Deadlines.Select(d => d.Date).Distinct());
        // 每年年底前 repeats; 比2020年 is a baseline.
        Assert.Empty(plan.Tasks[4].Deadlines);
        Assert.Equal("每年", plan.Tasks[4].Recurrence);
    }

    [Fact]
    public void WarningsOfEveryLayoutKeepTheirLineNumbers()
    {
        var plan = Parse("""
            二、主要任务
            （牵头单位：区发展改革委）
            坚决遏制“两高”项目盲目发展
            严格落实国家、省和市坚决遏制“两高”项目发展的政策要求。
            （牵头单位：区发展改革委，配合单位：区工信局、全区上下共同努力）
            (二)加快淘汰落后产能。严格落实国家和省产业政策。
            """);

        Assert.Contains(new ParseWarning(9, "责任单位块前没有可归属的任务"), plan.Warnings);
        Assert.Contains(new ParseWarning(12, "无法识别的责任单位“全区上下共同努力”"), plan.Warnings);
        Assert.Contains(new ParseWarning(13, "任务“（二）”未找到责任单位"), plan.Warnings);
    }
}
