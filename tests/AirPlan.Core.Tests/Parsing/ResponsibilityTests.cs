using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>Unit blocks in every seed layout, read block by block and through whole plans.</summary>
public class ResponsibilityTests
{
    [Fact]
    public void ListsSplitOnEveryPunctuationAndDropRoleWords()
    {
        var r = ResponsibilityParser.Parse("县市场监管局牵头，县应急管理局、洛阳市生态环境局伊川分局、发展改革委配合，各乡镇政府、街道办负责落实");

        Assert.Equal(["县市场监管局"], r.Lead);
        Assert.Equal(["县应急管理局", "洛阳市生态环境局伊川分局", "发展改革委"], r.Supporting);
        Assert.Equal(TownshipScopeKind.All, r.Townships.Kind);
    }

    [Fact]
    public void LeadWrittenBeforeACommaListKeepsTheRestSupporting()
    {
        var r = ResponsibilityParser.Parse("洛阳市生态环境局伊川分局牵头、工业信息化和商务局、住建局、交通运输局、水利局按职责分工负责，各乡镇政府、街道办负责落实");

        Assert.Equal(["洛阳市生态环境局伊川分局"], r.Lead);
        Assert.Equal(["工业信息化和商务局", "住建局", "交通运输局", "水利局"], r.Supporting);
    }

    [Fact]
    public void BlockWithoutLeadMakesEveryResponsibleUnitAJointLead()
    {
        var r = ResponsibilityParser.Parse("市发展改革委、市生态环境局等按职责分工负责");

        Assert.Equal(["市发展改革委", "市生态环境局"], r.Lead);
        Assert.Empty(r.Supporting);
    }

    [Fact]
    public void SingleUnitResponsibleIsTheLead()
    {
        var r = ResponsibilityParser.Parse("市生态环境局负责");

        Assert.Equal(["市生态环境局"], r.Lead);
    }

    [Fact]
    public void LabelledBlockSeparatesLeadSupportingAndTownships()
    {
        var r = ResponsibilityParser.Parse("牵头单位：市生态环境分局，配合单位：市公安局、市场监督管理局、发改委，责任单位：各乡镇办事处");

        Assert.Equal(["市生态环境分局"], r.Lead);
        Assert.Equal(["市公安局", "市场监督管理局", "发改委"], r.Supporting);
        Assert.Equal(TownshipScopeKind.All, r.Townships.Kind);
    }

    [Fact]
    public void ResponsibleUnitsBecomeSupportingWhenALeadIsNamed()
    {
        var r = ResponsibilityParser.Parse("牵头单位：区工信局，责任单位：区发展改革委、市生态环境局孟津分局，各镇（街道、开发区）政府（办事处、管委会）");

        Assert.Equal(["区工信局"], r.Lead);
        Assert.Equal(["区发展改革委", "市生态环境局孟津分局"], r.Supporting);
        Assert.Equal(TownshipScopeKind.All, r.Townships.Kind);
    }

    [Fact]
    public void MixedLayoutWithResponsibilityPhraseAndSupportLabel()
    {
        var r = ResponsibilityParser.Parse("市发改委、城管局按职责分工负责，配合单位：市财政局、生态环境分局，各乡镇办事处");

        Assert.Equal(["市发改委", "城管局"], r.Lead);
        Assert.Equal(["市财政局", "生态环境分局"], r.Supporting);
        Assert.Equal(TownshipScopeKind.All, r.Townships.Kind);
    }

    [Fact]
    public void ParticipatingUnitIsSupporting()
    {
        var r = ResponsibilityParser.Parse("示范区生态环境局牵头，供电公司参与");

        Assert.Equal(["示范区生态环境局"], r.Lead);
        Assert.Equal(["供电公司"], r.Supporting);
    }

    [Theory]
    [InlineData("各镇（街道、开发区）政府（办事处、管委会）")]
    [InlineData("各乡镇政府")]
    [InlineData("街道办")]
    [InlineData("各乡镇办事处")]
    [InlineData("各开发区管理办公室")]
    [InlineData("镇人民政府和街道办事处")]
    [InlineData("各县区政府（管委会）")]
    [InlineData("四个办事处")]
    public void CollectiveTownshipPhrasesAreNotUnits(string phrase)
    {
        Assert.True(TownshipPhrases.IsCollective(phrase));

        var r = ResponsibilityParser.Parse($"市生态环境局牵头，{phrase}负责落实");
        Assert.Equal(["市生态环境局"], r.Lead);
        Assert.Empty(r.Supporting);
        Assert.Equal(TownshipScope.All, r.Townships);
    }

    [Fact]
    public void NamedTownInABlockSetsTheScopeToThatTown()
    {
        var r = ResponsibilityParser.Parse("示范区生态环境局牵头，克井镇人民政府、五龙口镇人民政府负责落实");

        Assert.Equal(TownshipScopeKind.Named, r.Townships.Kind);
        Assert.Equal(["克井镇", "五龙口镇"], r.Townships.Names);
        Assert.Equal(["示范区生态环境局"], r.Lead);
    }

    [Fact]
    public void PlanWideSentenceIsRecognised()
    {
        var r = ResponsibilityParser.Parse("市发展改革委、市生态环境局按职责分工负责，各县区政府（管委会）负责落实。以下各项任务均需各县区政府（管委会）负责落实，不再列出");

        Assert.Equal(TownshipScope.All, r.PlanWideTownships);
        Assert.Equal(["市发展改革委", "市生态环境局"], r.Lead);
    }

    [Fact]
    public void JiyuanPlanWideSentenceAppliesToEveryLaterTask()
    {
        var plan = Seeds.Plan("jiyuan-2024");

        // Only the first task states it; all later ones inherit it unless their text names towns.
        Assert.All(plan.Tasks.Where(t => t.Townships.Kind != TownshipScopeKind.Named),
            t => Assert.Equal(TownshipScopeKind.All, t.Townships.Kind));
        Assert.Equal(TownshipScopeKind.All, plan.Tasks[^1].Townships.Kind);
    }

    [Fact]
    public void JiyuanTownsNamedInTheTaskTextNarrowTheScope()
    {
        var task = Seeds.Plan("jiyuan-2024").Tasks.Single(t => t.Title == "开展传统产业集群升级改造");

        Assert.Equal(TownshipScopeKind.Named, task.Townships.Kind);
        Assert.Equal(["克井镇", "五龙口镇"], task.Townships.Names);
    }

    [Fact]
    public void MengzhouTaskWithoutTownshipClauseHasNoTownships()
    {
        var task = Seeds.Plan("mengzhou-2023").Tasks.Single(t => t.Number == "15");

        Assert.Equal(TownshipScope.None, task.Townships);
        Assert.Equal(["市农业农村局"], task.Lead);
        Assert.Equal(["市财政局", "市城管局"], task.Supporting);
    }

    [Fact]
    public void SharedPrefixIsExpandedForBareNames()
    {
        var task = Seeds.Plan("yichuan-2024").Tasks.Single(t => t.Number == "（十一）").Subitems[1];

        Assert.Equal(["县交通运输局", "县公安局"], task.Lead);
    }

    [Fact]
    public void MengjinDistrictPrefixIsAddedToBareDepartments()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks.Single(t => t.Number == "3");

        Assert.Equal(["区工信局"], task.Lead);
        Assert.Equal(["区发展改革委", "区城市管理局", "区住建局", "市生态环境局孟津分局"], task.Supporting);
    }

    [Fact]
    public void MengjinLeadAndResponsibleLinesBecomeLeadAndSupporting()
    {
        var task = Seeds.Plan("mengjin-2024").Tasks[0];

        Assert.Equal(["区发展改革委"], task.Lead);
        Assert.Equal(["区工信局", "市自然资源局孟津分局", "市生态环境局孟津分局"], task.Supporting);
        Assert.Equal(TownshipScope.All, task.Townships);
    }
}
