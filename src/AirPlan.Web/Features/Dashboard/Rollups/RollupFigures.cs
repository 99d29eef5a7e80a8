using AirPlan.Core.Rules;
using AirPlan.Core.Domain;
using AirPlan.Web.Features.Tasks;

namespace AirPlan.Web.Features.Dashboard.Rollups;

/// <summary>
/// The figures of one group of assignments (责任分工), all as of the scope's date. Each count is the row count of
/// <c>StatusEngine.Filter</c> for <see cref="RollupRow.Filter"/> plus the figure's condition (<see cref="RollupFigures.FilterFor"/>).
/// 推进中 and 已提交待核验 (待核验) are counted apart; 完成率 counts only <see cref="Counted"/> assignments.
/// </summary>
public sealed record RollupFigures(
    int Assignments,
    int Tasks,
    int Completed,
    int InProgress,
    int Submitted,
    int NotStarted,
    int Continuous,
    int Overdue,
    int DueSoon,
    int ReportMissing,
    int Counted,
    int CountedDone,
    DateOnly? FirstMissedDue,
    DateOnly? NextDue,
    int WorstDaysOverdue,
    int CompletedOnTime = 0,
    int CompletedLate = 0)
{
    public static readonly RollupFigures Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0);

    /// <summary>完成率 = (已完成 + 持续推进) / counted assignments, 0–100, rounded.</summary>
    public int PercentDone => TaskRollup.Percent(CountedDone, Counted);

    /// <summary>The task-list filter that lists exactly the assignments counted in <paramref name="figure"/> of a row.</summary>
    public static TaskFilter FilterFor(TaskFilter row, RollupFigure figure) => figure switch
    {
        RollupFigure.Assignments => row,
        // 任务数 opens the grouped task view: one row per task, so the count and the list agree.
        RollupFigure.Tasks => row with { View = TaskListView.Tasks },
        RollupFigure.Completed => row with { Status = AssignmentStatus.Completed },
        RollupFigure.InProgress => row with { Status = AssignmentStatus.InProgress },
        RollupFigure.Submitted => row with { Status = AssignmentStatus.Submitted },
        RollupFigure.NotStarted => row with { Status = AssignmentStatus.NotStarted },
        RollupFigure.Continuous => row with { Status = AssignmentStatus.Continuous },
        RollupFigure.Overdue => row with { Overdue = true },
        RollupFigure.DueSoon => row with { DueWithinDays = RollupQueries.DueSoonDays },
        RollupFigure.ReportMissing => row with { ReportMissing = true },
        RollupFigure.Counted => row with { Counted = true },
        RollupFigure.CompletedOnTime => row with { Completion = CompletionTiming.OnTime },
        RollupFigure.CompletedLate => row with { Completion = CompletionTiming.Late },
        _ => row,
    };

    public int Of(RollupFigure figure) => figure switch
    {
        RollupFigure.Assignments => Assignments,
        RollupFigure.Tasks => Tasks,
        RollupFigure.Completed => Completed,
        RollupFigure.InProgress => InProgress,
        RollupFigure.Submitted => Submitted,
        RollupFigure.NotStarted => NotStarted,
        RollupFigure.Continuous => Continuous,
        RollupFigure.Overdue => Overdue,
        RollupFigure.DueSoon => DueSoon,
        RollupFigure.ReportMissing => ReportMissing,
        RollupFigure.Counted => Counted,
        RollupFigure.CompletedOnTime => CompletedOnTime,
        RollupFigure.CompletedLate => CompletedLate,
        _ => 0,
    };
}

/// <summary>The figures a dashboard cell or an Excel column can show.</summary>
public enum RollupFigure
{
    /// <summary>责任分工数</summary>
    Assignments,
    /// <summary>任务数 (distinct tasks among the assignments)</summary>
    Tasks,
    Completed,
    InProgress,
    /// <summary>已提交待核验</summary>
    Submitted,
    NotStarted,
    Continuous,
    Overdue,
    /// <summary>30天内到期</summary>
    DueSoon,
    /// <summary>未按期报送</summary>
    ReportMissing,
    /// <summary>计入完成率的责任分工 (denominator of 完成率)</summary>
    Counted,
    /// <summary>按期完成: 已完成 by the deadline (Completed = CompletedOnTime + CompletedLate)</summary>
    CompletedOnTime,
    /// <summary>逾期完成: 已完成 after the deadline</summary>
    CompletedLate,
}

/// <summary>One row of a grouped roll-up: a plan, a department or a township, with the filter its numbers drill down to.</summary>
/// <param name="Id">Plan id, unit id or township region id.</param>
/// <param name="Detail">Plan: region name; department: null; township: region level words.</param>
/// <remarks>
/// <see cref="Tasks"/>: the tasks the row's plan, department or township holds an assignment on, each in its state as a whole
/// task (docs/status-model.md, “总览与汇总”); <see cref="FilterFor(TaskFigure)"/> opens exactly them in the grouped task view.
/// </remarks>
public sealed record RollupRow(int Id, string Name, string? Detail, TaskFilter Filter, RollupFigures Figures, WarningLight Light)
{
    public TaskFigures Tasks { get; init; } = TaskFigures.Empty;

    public TaskFilter FilterFor(RollupFigure figure) => RollupFigures.FilterFor(Filter, figure);

    public TaskFilter FilterFor(TaskFigure figure) => TaskFigures.FilterFor(Filter, figure);
}

/// <summary>Headline figures (总览) of the scope, with the filter behind them: 责任分工 (<see cref="Figures"/>) and 任务 (<see cref="Tasks"/>).</summary>
public sealed record RollupTotals(TaskFilter Filter, DateOnly AsOf, bool FromHistory, RollupFigures Figures, TaskFigures Tasks)
{
    public TaskFilter FilterFor(RollupFigure figure) => RollupFigures.FilterFor(Filter, figure);

    public TaskFilter FilterFor(TaskFigure figure) => TaskFigures.FilterFor(Filter, figure);
}

/// <summary>
/// Task-level figures of a scope: tasks counted by their state from their assignments (TaskRollup, via
/// <c>StatusEngine.TaskFacts</c>); each opens the grouped task view with the filter that lists exactly those tasks.
/// </summary>
/// <param name="CompletedOnTime">已完成 tasks that are not 逾期完成 (按期完成).</param>
/// <param name="CompletedLate">逾期完成 tasks (TaskRollup.CompletedLateRule); the two add up to <paramref name="Completed"/>.</param>
public sealed record TaskFigures(int Tasks, int Completed, int InProgress, int AwaitingReview, int NotStarted, int Continuous, int Overdue,
    int CompletedOnTime = 0, int CompletedLate = 0)
{
    public static readonly TaskFigures Empty = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Tasks done (已完成 or 持续推进) among all tasks, 0–100: the same rule as a task's own 完成率, one level up.</summary>
    public int PercentDone => TaskRollup.Percent(Completed + Continuous, Tasks);

    public static TaskFilter FilterFor(TaskFilter row, TaskFigure figure)
    {
        var tasks = row with { View = TaskListView.Tasks };
        return figure switch
        {
            TaskFigure.Completed => tasks with { TaskStatus = TaskState.Completed },
            TaskFigure.InProgress => tasks with { TaskStatus = TaskState.InProgress },
            TaskFigure.AwaitingReview => tasks with { TaskStatus = TaskState.AwaitingReview },
            TaskFigure.NotStarted => tasks with { TaskStatus = TaskState.NotStarted },
            TaskFigure.Continuous => tasks with { TaskStatus = TaskState.Continuous },
            TaskFigure.Overdue => tasks with { Overdue = true },
            TaskFigure.CompletedOnTime => tasks with { Completion = CompletionTiming.OnTime },
            TaskFigure.CompletedLate => tasks with { Completion = CompletionTiming.Late },
            _ => tasks,
        };
    }

    public int Of(TaskFigure figure) => figure switch
    {
        TaskFigure.Tasks => Tasks,
        TaskFigure.Completed => Completed,
        TaskFigure.InProgress => InProgress,
        TaskFigure.AwaitingReview => AwaitingReview,
        TaskFigure.NotStarted => NotStarted,
        TaskFigure.Continuous => Continuous,
        TaskFigure.Overdue => Overdue,
        TaskFigure.CompletedOnTime => CompletedOnTime,
        TaskFigure.CompletedLate => CompletedLate,
        _ => 0,
    };
}

public enum TaskFigure
{
    Tasks,
    Completed,
    InProgress,
    AwaitingReview,
    NotStarted,
    Continuous,
    Overdue,
    CompletedOnTime,
    CompletedLate,
}

/// <summary>
/// A row of the 逾期任务 list: one overdue task (TaskRollup: a counted assignment is 逾期) with the units and townships whose
/// work on it is overdue, listed in the row rather than one row each.
/// </summary>
public sealed record OverdueItem(int TaskId, string PlanKey, string PlanTitle, string TaskNumber, string TaskTitle, string LeadUnits,
    IReadOnlyList<int> AssignmentIds, IReadOnlyList<string> Units, IReadOnlyList<string> Townships, DateOnly FirstMissedDue,
    int DaysOverdue, DateTimeOffset? LastReportAt, TaskFilter AssignmentsFilter);

/// <param name="Total">逾期 tasks of the scope.</param>
/// <param name="Filter">The grouped task view of them.</param>
/// <param name="Assignments">逾期 assignments of the scope (all roles).</param>
/// <param name="AssignmentFilter">The assignment rows behind <paramref name="Assignments"/>.</param>
public sealed record OverdueList(int Total, TaskFilter Filter, int Assignments, TaskFilter AssignmentFilter, IReadOnlyList<OverdueItem> Items);

/// <summary>A point of the trend series: 已完成 and 逾期 assignments at a month end (or the as-of date).</summary>
public sealed record TrendPoint(DateOnly Date, int Assignments, int Completed, int Overdue, TaskFilter Filter);

/// <summary>Task × township statuses of one plan (乡镇（街道）落实情况矩阵).</summary>
public sealed record TownshipMatrix(string PlanKey, IReadOnlyList<MatrixColumn> Townships, IReadOnlyList<MatrixRow> Tasks);

public sealed record MatrixColumn(int TownshipId, string Name, TaskFilter Filter);

public sealed record MatrixRow(int TaskId, string Number, string Title, IReadOnlyDictionary<int, MatrixCell> Cells);

/// <summary>The worst assignment of a township on a task: its status and light as of the date.</summary>
public sealed record MatrixCell(int AssignmentId, AssignmentStatus Status, WarningLight Light, int DaysOverdue);
