using AirPlan.Core.Rules;
using AirPlan.Core.Domain;
using Microsoft.AspNetCore.WebUtilities;

namespace AirPlan.Web.Features.Tasks;

/// <summary>A filter as a /tasks link, so dashboard numbers and filtered lists can be bookmarked and shared.</summary>
public static class TaskFilterQuery
{
    public static string ToUrl(TaskFilter filter)
    {
        var query = new Dictionary<string, string?>
        {
            ["plan"] = filter.Plan,
            ["chapter"] = filter.Chapter,
            ["unit"] = filter.UnitId?.ToString(),
            ["township"] = filter.TownshipId?.ToString(),
            ["role"] = filter.Role?.ToString(),
            ["status"] = filter.Status?.ToString(),
            ["overdue"] = filter.Overdue ? "true" : null,
            ["kind"] = filter.Kind?.ToString(),
            ["missing"] = filter.ReportMissing ? "true" : null,
            ["counted"] = filter.Counted ? "true" : null,
            ["due"] = filter.DueWithinDays?.ToString(),
            ["q"] = filter.Text,
            ["asOf"] = filter.AsOf?.ToString("yyyy-MM-dd"),
            ["task"] = filter.TaskId?.ToString(),
            ["view"] = filter.View == TaskListView.Tasks ? "tasks" : null,
            ["taskStatus"] = filter.TaskStatus?.ToString(),
            ["completion"] = filter.Completion?.ToString(),
        };
        return QueryHelpers.AddQueryString("/tasks", query.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value));
    }

    public static TaskFilter Parse(string? plan, string? chapter, int? unit, int? township, string? role, string? status, bool? overdue,
        int? due, string? q, string? asOf, string? kind = null, bool? missing = null, bool? counted = null, int? task = null, string? view = null,
        string? taskStatus = null, string? completion = null) => new()
    {
        Plan = Blank(plan),
        Chapter = Blank(chapter),
        UnitId = unit,
        TownshipId = township,
        Role = Enum.TryParse<AssignmentRole>(role, true, out var r) ? r : null,
        Status = Enum.TryParse<AssignmentStatus>(status, true, out var s) ? s : null,
        Overdue = overdue == true,
        Kind = Enum.TryParse<UnitKind>(kind, true, out var k) ? k : null,
        ReportMissing = missing == true,
        Counted = counted == true,
        DueWithinDays = due is > 0 ? due : null,
        Text = Blank(q),
        AsOf = DateOnly.TryParse(asOf, out var d) ? d : null,
        TaskId = task,
        View = string.Equals(view, "tasks", StringComparison.OrdinalIgnoreCase) ? TaskListView.Tasks : TaskListView.Assignments,
        TaskStatus = Enum.TryParse<TaskState>(taskStatus, true, out var ts) ? ts : null,
        Completion = Enum.TryParse<CompletionTiming>(completion, true, out var ct) ? ct : null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
