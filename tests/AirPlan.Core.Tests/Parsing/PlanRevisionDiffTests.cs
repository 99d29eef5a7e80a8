using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests.Parsing;

/// <summary>修订版 against the running plan: which task continues which, and what changed (docs/plan-format.md, 修订版).</summary>
public sealed class PlanRevisionDiffTests
{
    private const string Coal = "严格控制煤炭消费总量，推进燃煤锅炉关停整合，全区不再新建35蒸吨/小时及以下燃煤锅炉，完成市下达的煤炭消费减量目标。";
    private const string Dust = "强化施工工地扬尘管控，严格落实“六个百分之百”要求，规模以上工地安装在线监测和视频监控设施并与主管部门联网。";
    private const string Vehicles = "加快淘汰国四及以下排放标准营运柴油货车，推广新能源汽车，新增和更新的公交、出租、环卫车辆全部使用新能源汽车。";
    private const string Straw = "全面禁止露天焚烧秸秆、垃圾和落叶，落实网格化监管责任，建立秸秆综合利用台账，秸秆综合利用率稳定在95%以上。";

    private static RevisionTask Task(int key, string number, string text, string lead = "区发展改革委", string[]? supporting = null,
        DateOnly? due = null, TownshipScopeKind scope = TownshipScopeKind.All) =>
        new(key, "三", number, text[..8], $"{number}．{text}\n牵头单位：{lead}\n责任单位：{string.Join("、", supporting ?? ["区工信局"])}",
            [lead], supporting ?? ["区工信局"], scope, [], due is { } d ? [d] : [new DateOnly(2025, 12, 31)], false);

    [Fact]
    public void ATaskRenumberedAfterARemovalIsTheSameTaskAndNotAChange()
    {
        var running = new[] { Task(1, "1", Coal), Task(2, "2", Dust), Task(3, "3", Vehicles) };
        var revised = new[] { Task(11, "1", Coal), Task(12, "2", Vehicles) };

        var diff = PlanRevisionDiff.Compare(running, revised);

        Assert.Contains(diff.Matches, m => m.Old.Key == 3 && m.New.Key == 12 && m.Renumbered);
        var removed = Assert.Single(diff.Changes);
        Assert.Equal((RevisionChangeKind.Removed, 2), (removed.Kind, removed.Old!.Key));
        Assert.Equal("删除任务", removed.Title);
        Assert.Empty(diff.Added);
    }

    [Fact]
    public void ARewordedTaskAboveTheThresholdIsTheSameTaskWithItsWordingChanged()
    {
        var reworded = Dust.Replace("规模以上工地", "5000平方米以上工地").Replace("并与主管部门联网", "并与住建部门平台联网");
        Assert.InRange(PlanRevisionDiff.Similarity(Dust, reworded), PlanRevisionDiff.SameTask, 0.99);
        var running = new[] { Task(1, "1", Coal), Task(2, "2", Dust) };
        var revised = new[] { Task(11, "1", Coal), Task(12, "2", reworded) };

        var diff = PlanRevisionDiff.Compare(running, revised);

        var change = Assert.Single(diff.Changes);
        Assert.Equal((RevisionChangeKind.Reworded, 2, 12), (change.Kind, change.Old!.Key, change.New!.Key));
        Assert.Contains("5000平方米以上工地", change.Is);
        Assert.Contains("规模以上工地", change.Was);
    }

    [Fact]
    public void AGenuinelyNewTaskIsAddedEvenUnderARemovedTasksNumber()
    {
        var running = new[] { Task(1, "1", Coal), Task(2, "2", Dust) };
        var revised = new[] { Task(11, "1", Coal), Task(12, "2", Straw) };

        var diff = PlanRevisionDiff.Compare(running, revised);

        Assert.True(PlanRevisionDiff.Similarity(Dust, Straw) < PlanRevisionDiff.SameNumberedTask);
        Assert.Equal([12], diff.Added.Select(t => t.Key));
        Assert.Equal([2], diff.Removed.Select(t => t.Key));
        Assert.Equal(1, diff.Count(RevisionChangeKind.Added));
        Assert.Equal(1, diff.Count(RevisionChangeKind.Removed));
    }

    [Fact]
    public void AChangedUnitIsAUnitChangeNotAWordingChangeAndAMovedDeadlineIsListedOldToNew()
    {
        var running = new[] { Task(1, "1", Coal), Task(2, "2", Vehicles, due: new DateOnly(2025, 6, 30)) };
        var revised = new[] { Task(11, "1", Coal, lead: "区交通运输局"), Task(12, "2", Vehicles, due: new DateOnly(2025, 9, 30)) };

        var diff = PlanRevisionDiff.Compare(running, revised);

        Assert.Equal([RevisionChangeKind.UnitsChanged, RevisionChangeKind.DeadlinesChanged], diff.Changes.Select(c => c.Kind));
        var units = diff.Changes[0];
        Assert.Equal("牵头：区发展改革委；责任/配合：区工信局", units.Was);
        Assert.Equal("牵头：区交通运输局；责任/配合：区工信局", units.Is);
        Assert.Equal(("2025年6月30日", "2025年9月30日"), (diff.Changes[1].Was, diff.Changes[1].Is));
    }

    [Fact]
    public void ANarrowedTownshipScopeIsAScopeChange()
    {
        var running = new[] { Task(1, "1", Straw) };
        var revised = new[] { Task(11, "1", Straw) with { Scope = TownshipScopeKind.Named, Townships = ["城关镇", "会盟镇"] } };

        var diff = PlanRevisionDiff.Compare(running, revised);

        var change = Assert.Single(diff.Changes);
        Assert.Equal((RevisionChangeKind.ScopeChanged, "落实范围调整"), (change.Kind, change.Title));
        Assert.Equal(("全部乡镇（街道）", "指定：城关镇、会盟镇"), (change.Was, change.Is));
    }

    [Fact]
    public void TheSamePlanAgainHasNoChanges()
    {
        var tasks = new[] { Task(1, "1", Coal), Task(2, "2", Dust), Task(3, "3", Vehicles), Task(4, "4", Straw) };

        var diff = PlanRevisionDiff.Compare(tasks, tasks.Select(t => t with { Key = t.Key + 10 }).ToList());

        Assert.True(diff.IsEmpty);
        Assert.Equal(4, diff.Matches.Count);
        Assert.All(diff.Matches, m => Assert.Equal(m.Old.Key + 10, m.New.Key));
    }
}
