namespace AirPlan.Core.Domain;

/// <summary>What a correction of a task's units does to one unit's assignment (shown before saving, then applied).</summary>
public sealed record ResponsibilityChange(ResponsibilityChangeKind Kind, Unit Unit, AssignmentRole? From, AssignmentRole? To,
    Assignment? Assignment);

public enum ResponsibilityChangeKind
{
    /// <summary>新增: a unit that had no row on the task.</summary>
    Added,
    /// <summary>撤销: the unit is taken off the task; its row stays, marked 已撤销, and stops counting.</summary>
    Closed,
    /// <summary>调整角色: the same row, another role (配合 → 牵头).</summary>
    RoleChanged,
    /// <summary>恢复: a unit taken off earlier is given the task again, with its history.</summary>
    Reopened,
}
