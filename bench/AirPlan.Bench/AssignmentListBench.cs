using System.Text;
using AirPlan.Core.Domain;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;

namespace AirPlan.Bench;

/// <summary>
/// The assignment list's first page (任务清单 by 责任分工, the default /tasks view) at province scale, every sort both ways and
/// every filter the page offers (docs/performance.md, “Assignment list at province scale (issue #12)”); the grouped task view's
/// default page, whose query this work does not touch, is the same-run baseline.
/// </summary>
public static class AssignmentListBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var conn = args.Require("conn");
        var iterations = args.Int("iterations", 20);
        var warmup = args.Int("warmup", 3);
        using var host = await BenchHost.StartAsync(conn);
        var services = host.Services;
        var (_, countyPlan) = await BenchAccounts.EnsureAsync(services);
        var leader = await BenchAccounts.ContextAsync(services, BenchAccounts.Leader);
        var county = await BenchAccounts.ContextAsync(services, BenchAccounts.County);
        var lists = services.GetRequiredService<TaskListQueries>();
        var rollups = services.GetRequiredService<RollupQueries>();
        var now = new TaskFilter();
        var departmentId = (await rollups.ByDepartmentAsync(leader, now, AssignmentRole.Lead)).MaxBy(r => r.Figures.Assignments)!.Id;

        var rows = new List<(string Name, Stats Stats, int Total)>();
        async Task M(string name, TaskFilter filter, TaskListSort sort, UserContextOf who = UserContextOf.Leader)
        {
            var actor = who == UserContextOf.Leader ? leader : county;
            var total = 0;
            var s = await Timer.MeasureAsync(warmup, iterations, async () => total = (await lists.ListAsync(actor, filter, sort)).Total);
            rows.Add((name, s, total));
            Console.WriteLine($"{name,-60} rows {total,7}  p50 {s.P50,8:F1}  p95 {s.P95,8:F1}");
        }

        var baseline = Timer.MeasureAsync(warmup, iterations, () => lists.ListTasksAsync(leader, now with { View = TaskListView.Tasks }, TaskListSort.Default));
        rows.Add(("baseline: task view page 1, default order (query not changed here)", await baseline, 0));
        Console.WriteLine($"{rows[^1].Name,-60} p50 {rows[^1].Stats.P50,8:F1}  p95 {rows[^1].Stats.P95,8:F1}");

        foreach (var field in new[] { TaskSortField.Deadline, TaskSortField.Task, TaskSortField.Unit, TaskSortField.Status, TaskSortField.LastReport })
            foreach (var descending in new[] { false, true })
                await M($"sort {field}{(descending ? " desc" : "")}", now, new TaskListSort(field, descending));
        var d = TaskListSort.Default;
        await M("仅逾期", now with { Overdue = true }, d);
        await M("仅逾期, by unit", now with { Overdue = true }, new TaskListSort(TaskSortField.Unit));
        await M("status 待核验", now with { Status = AssignmentStatus.Submitted }, d);
        await M("status 未启动", now with { Status = AssignmentStatus.NotStarted }, d);
        await M("due within 30 days", now with { DueWithinDays = 30 }, d);
        await M("未按期报送", now with { ReportMissing = true }, d);
        await M("counted (完成率 rows)", now with { Counted = true }, d);
        await M("逾期完成", now with { Completion = CompletionTiming.Late }, d);
        await M("按期完成", now with { Completion = CompletionTiming.OnTime }, d);
        await M("role 牵头", now with { Role = AssignmentRole.Lead }, d);
        await M("kind 乡镇（街道）", now with { Kind = UnitKind.Township }, d);
        await M("one department (dashboard row drill-down)", now with { UnitId = departmentId }, d);
        await M("text 扬尘", now with { Text = "扬尘" }, d);
        await M("as of 2025-06-30", now with { AsOf = new DateOnly(2025, 6, 30) }, d);
        await M("page 4 (default order)", now with { Page = 4 }, d);
        await M("county plan, default order (coordinator)", new TaskFilter { Plan = countyPlan }, d, UserContextOf.County);
        await M("county plan, by unit (coordinator)", new TaskFilter { Plan = countyPlan }, new TaskListSort(TaskSortField.Unit), UserContextOf.County);

        var md = new StringBuilder();
        md.AppendLine($"Assignment list page 1, province leader unless said; {iterations} iterations after {warmup} warm-up; ms, in-process.");
        md.AppendLine();
        md.AppendLine("| what | rows | p50 | p95 | p99 |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (name, s, total) in rows) md.AppendLine($"| {name} | {total:N0} | {s.P50:F1} | {s.P95:F1} | {s.P99:F1} |");
        var text = md.ToString();
        Console.WriteLine(text);
        if (args.Get("out") is { } file) await File.WriteAllTextAsync(file, text);
        return 0;
    }

    private enum UserContextOf
    {
        Leader,
        County,
    }
}
