using System.Text;
using AirPlan.Core.Domain;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Tasks;

namespace AirPlan.Bench;

/// <summary>
/// Task-level figures and the grouped task list at province scale (docs/performance.md, “Task-level status”): what the
/// dashboard counts now that it also groups per task, uncached (DashboardCache starts over after every write), and the
/// first page of the task view and of the sorted assignment list.
/// </summary>
public static class TaskLevelBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var conn = args.Require("conn");
        var iterations = args.Int("iterations", 30);
        var warmup = args.Int("warmup", 5);
        using var host = await BenchHost.StartAsync(conn);
        var services = host.Services;
        var (_, countyPlan) = await BenchAccounts.EnsureAsync(services);
        var leader = await BenchAccounts.ContextAsync(services, BenchAccounts.Leader);
        var county = await BenchAccounts.ContextAsync(services, BenchAccounts.County);
        var rollups = services.GetRequiredService<RollupQueries>();
        var lists = services.GetRequiredService<TaskListQueries>();
        var now = new TaskFilter();
        var countyScope = new TaskFilter { Plan = countyPlan };
        var tasks = now with { View = TaskListView.Tasks };
        var countyTasks = countyScope with { View = TaskListView.Tasks };

        var rows = new List<(string Name, Stats Stats, string Target)>();
        // --only WORD measures just the rows whose name contains it (e.g. "dashboard" while working on one query).
        var only = args.Get("only");
        async Task M(string name, string target, Func<Task> action)
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) return;
            var s = await Timer.MeasureAsync(warmup, iterations, action);
            rows.Add((name, s, target));
            Console.WriteLine($"{name,-70} p50 {s.P50,8:F1}  p95 {s.P95,8:F1}");
        }

        if (args.Get("warm") is not null)
        {
            // As a running server has them: today's facts and 36 month-ends (FactsWarmer), so reads pick one date of many.
            var started = System.Diagnostics.Stopwatch.StartNew();
            await services.GetRequiredService<AirPlan.Web.Features.Tasks.Status.FactsWarmer>().WarmAsync(CancellationToken.None);
            Console.WriteLine($"warmed today and {AirPlan.Web.Features.Tasks.Status.FactsWarmer.MonthEnds} month-ends in {started.Elapsed.TotalSeconds:F1} s");
        }
        var first = System.Diagnostics.Stopwatch.StartNew();
        var totals = await rollups.TotalsAsync(leader, now);
        // The first read of the day counts what is missing or marked stale (facts, task_facts, unit_facts) before it answers.
        Console.WriteLine($"first province totals of the run (counts whatever is missing or stale first): {first.Elapsed.TotalMilliseconds:F0} ms");
        // The lead department with most rows: the task view narrowed to one department (a dashboard row's drill-down).
        var departmentId = (await rollups.ByDepartmentAsync(leader, now, AssignmentRole.Lead)).MaxBy(r => r.Figures.Assignments)!.Id;
        Console.WriteLine($"province: {totals.Tasks.Tasks} tasks ({totals.Tasks.Completed} 已完成, {totals.Tasks.Overdue} 逾期), {totals.Figures.Assignments} assignments");

        // Baselines measured in the same run, as the machine is shared and load moves absolute times: the 责任分工 totals
        // hand-written over assignment_facts (what TotalsAsync cost before the task figures) and the unchanged assignment list.
        await using var source = Npgsql.NpgsqlDataSource.Create(conn);
        await M("baseline: province 责任分工 totals, hand SQL over assignment_facts", "", () =>
            HandSql.RunAsync(source, rollups.AsOf(now), leader.RegionIds, null, false, overFacts: true));
        await M("baseline: assignment list page 1, province, default order (leader)", "", () => lists.ListAsync(leader, now));
        await M("province TotalsAsync (责任分工 and 任务 figures)", "", () => rollups.TotalsAsync(leader, now));
        await M("province OverdueAsync(20), grouped by task", "", () => rollups.OverdueAsync(leader, now, 20));
        await M("province totals + by plan + overdue(20), sequential", "< 300 ms p95", async () =>
        {
            await rollups.TotalsAsync(leader, now);
            await rollups.ByPlanAsync(leader, now);
            await rollups.OverdueAsync(leader, now, 20);
        });
        await M("province dashboard page, first screen (6 roll-ups in parallel, as the page)", "< 300 ms p95", () => Task.WhenAll(
            rollups.TotalsAsync(leader, now), rollups.ByPlanAsync(leader, now),
            rollups.ByDepartmentAsync(leader, now, AssignmentRole.Lead), rollups.ByDepartmentAsync(leader, now, AssignmentRole.Supporting),
            rollups.ByTownshipAsync(leader, now), rollups.OverdueAsync(leader, now, 20)));
        await M("county TotalsAsync", "", () => rollups.TotalsAsync(county, countyScope));
        // The breakdowns one by one (each row carries 责任分工 and, since session 4, 任务 figures).
        await M("province ByPlanAsync (150 rows)", "", () => rollups.ByPlanAsync(leader, now));
        await M("province ByDepartmentAsync(Lead)", "", () => rollups.ByDepartmentAsync(leader, now, AssignmentRole.Lead));
        await M("province ByDepartmentAsync(Supporting)", "", () => rollups.ByDepartmentAsync(leader, now, AssignmentRole.Supporting));
        await M("province ByTownshipAsync", "", () => rollups.ByTownshipAsync(leader, now));
        await M("province totals + the four breakdowns, sequential", "< 300 ms p95", async () =>
        {
            await rollups.TotalsAsync(leader, now);
            await rollups.ByPlanAsync(leader, now);
            await rollups.ByDepartmentAsync(leader, now, AssignmentRole.Lead);
            await rollups.ByDepartmentAsync(leader, now, AssignmentRole.Supporting);
            await rollups.ByTownshipAsync(leader, now);
        });

        await M("task view page 1, province, default order (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks, TaskListSort.Default));
        await M("task view page 1, province, 逾期 tasks (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks with { Overdue = true }, TaskListSort.Default));
        await M("task view page 1, province, by progress (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks, new TaskListSort(TaskSortField.Progress, true)));
        await M("task view page 1, province, by task (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks, new TaskListSort(TaskSortField.Task)));
        await M("task view page 1, province, by state (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks, new TaskListSort(TaskSortField.Status)));
        await M("task view page 1, province, by deadline, latest first (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks, new TaskListSort(TaskSortField.Deadline, true)));
        await M("task view page 1, province, text 扬尘 (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks with { Text = "扬尘" }, TaskListSort.Default));
        await M("task view page 1, province, one department's tasks (leader)", "< 50 ms p95", () => lists.ListTasksAsync(leader, tasks with { UnitId = departmentId }, TaskListSort.Default));
        await M("task view page 1, county plan (coordinator)", "< 50 ms p95", () => lists.ListTasksAsync(county, countyTasks, TaskListSort.Default));
        await M("assignment list page 1, county plan, by unit (coordinator)", "< 50 ms p95", () => lists.ListAsync(county, countyScope, new TaskListSort(TaskSortField.Unit)));
        await M("assignment list page 1, province, by unit (leader)", "< 50 ms p95", () => lists.ListAsync(leader, now, new TaskListSort(TaskSortField.Unit)));
        await M("assignment list page 1, province, by last report (leader)", "< 50 ms p95", () => lists.ListAsync(leader, now, new TaskListSort(TaskSortField.LastReport, true)));
        await M("assignment list page 1, province, 仅逾期 (leader)", "< 50 ms p95", () => lists.ListAsync(leader, now with { Overdue = true }));

        var md = new StringBuilder();
        md.AppendLine($"Task level: {totals.Tasks.Tasks:N0} tasks, {totals.Figures.Assignments:N0} assignments; {iterations} iterations after {warmup} warm-up; ms, in-process.");
        md.AppendLine();
        md.AppendLine("| what | n | p50 | p95 | p99 | target |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (name, s, target) in rows) md.AppendLine($"| {name} | {s.N} | {s.P50:F1} | {s.P95:F1} | {s.P99:F1} | {target} |");
        var text = md.ToString();
        Console.WriteLine(text);
        if (args.Get("out") is { } file) await File.WriteAllTextAsync(file, text);
        return 0;
    }
}
