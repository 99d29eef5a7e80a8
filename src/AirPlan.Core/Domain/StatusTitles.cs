namespace AirPlan.Core.Domain;

/// <summary>The words offices use for each status.</summary>
public static class StatusTitles
{
    public static string Of(AssignmentStatus status) => status switch
    {
        AssignmentStatus.NotStarted => "未启动",
        AssignmentStatus.InProgress => "推进中",
        AssignmentStatus.Submitted => "已提交待核验",
        AssignmentStatus.Completed => "已完成",
        AssignmentStatus.Continuous => "持续推进",
        _ => status.ToString(),
    };

    public static string Of(AssignmentRole role) => role switch
    {
        AssignmentRole.Lead => "牵头单位",
        AssignmentRole.Supporting => "责任/配合单位",
        AssignmentRole.Implementing => "落实乡镇",
        _ => role.ToString(),
    };
}
