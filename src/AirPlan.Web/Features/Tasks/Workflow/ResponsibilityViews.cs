using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;

namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>Who carries a task out, as the correction dialog edits it: units by id, townships by their division row.</summary>
public sealed record ResponsibilityInput(IReadOnlyList<int> LeadUnitIds, IReadOnlyList<int> SupportingUnitIds, TownshipScopeKind Scope,
    IReadOnlyList<int> TownshipRegionIds);

public sealed record ResponsibilityOption(int Id, string Name);

/// <summary>Units whose assignment a 完成时限 change would make overdue today, and units it would no longer be overdue for.</summary>
public sealed record MilestoneEffect(IReadOnlyList<string> BecomeOverdue, IReadOnlyList<string> NoLongerOverdue)
{
    public string Describe()
    {
        var parts = new List<string>();
        if (BecomeOverdue.Count > 0) parts.Add($"{BecomeOverdue.Count} 个单位将变为逾期（{Names(BecomeOverdue)}）");
        if (NoLongerOverdue.Count > 0) parts.Add($"{NoLongerOverdue.Count} 个单位将不再逾期（{Names(NoLongerOverdue)}）");
        return parts.Count == 0 ? "各单位的逾期情况不变。" : string.Join("；", parts) + "。";
    }

    private static string Names(IReadOnlyList<string> units) =>
        units.Count <= 6 ? string.Join("、", units) : string.Join("、", units.Take(6)) + $" 等";
}

/// <summary>The dialog's choices (the plan region's departments and townships) and the task's current units.</summary>
public sealed record ResponsibilityForm(uint Version, IReadOnlyList<ResponsibilityOption> Departments,
    IReadOnlyList<ResponsibilityOption> Townships, ResponsibilityInput Current);

/// <summary>One line of 调整前预览: what saving does to one unit's assignment, and how much history it carries.</summary>
public sealed record ResponsibilityPreviewRow(string UnitName, ResponsibilityChangeKind Kind, AssignmentRole? From, AssignmentRole? To,
    int Reports, int Evidence)
{
    public string KindTitle => Titles.Of(Kind);

    public string Description => Kind switch
    {
        ResponsibilityChangeKind.Added => $"新增为{StatusTitles.Of(To!.Value)}",
        ResponsibilityChangeKind.Closed => $"撤销{StatusTitles.Of(From!.Value)}分工（进展报告和佐证材料保留，不再计入统计）",
        ResponsibilityChangeKind.RoleChanged => $"{StatusTitles.Of(From!.Value)} → {StatusTitles.Of(To!.Value)}（原分工及其记录保留）",
        _ => $"恢复为{StatusTitles.Of(To!.Value)}（原有记录重新计入）",
    };
}

public static class Titles
{
    public static string Of(ResponsibilityChangeKind kind) => kind switch
    {
        ResponsibilityChangeKind.Added => "新增",
        ResponsibilityChangeKind.Closed => "撤销",
        ResponsibilityChangeKind.RoleChanged => "调整角色",
        _ => "恢复",
    };

    public static string Of(TownshipScopeKind scope) => scope switch
    {
        TownshipScopeKind.All => "全部乡镇（街道）",
        TownshipScopeKind.Named => "指定乡镇（街道）",
        _ => "无",
    };
}
