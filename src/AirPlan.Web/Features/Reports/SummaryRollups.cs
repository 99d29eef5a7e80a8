using AirPlan.Core.Domain;

namespace AirPlan.Web.Features.Reports;

/// <summary>One line of 汇总: a unit (or township) and how its assignments stand.</summary>
/// <param name="Completed">已完成, counting 持续推进 as done the way 完成率 does (docs/status-model.md).</param>
/// <param name="InProgress">推进中, including work submitted and waiting for 核验.</param>
public sealed record SummaryRow(string Name, int Assignments, int Completed, int InProgress, int NotStarted, int Overdue)
{
    public double CompletionRate => Assignments == 0 ? 0 : (double)Completed / Assignments;
}

public sealed record ReportSummary(IReadOnlyList<SummaryRow> LeadUnits, IReadOnlyList<SummaryRow> SupportingUnits,
    IReadOnlyList<SummaryRow> Townships, SummaryRow Total);

/// <summary>
/// 汇总 roll-ups over the assignments a report covers (TaskListQueries.Filter, statuses as of the report date, 逾期 by
/// AssignmentRules). SEAM: the dashboard's roll-up queries (branch `dashboard`, Features/Dashboard/Rollups) are meant to be
/// the one implementation; they were not committed when this was written, so this is the single place to switch over.
/// </summary>
public static class SummaryRollups
{
    public static ReportSummary Compute(IReadOnlyCollection<AssignmentFact> facts, IReadOnlySet<int> overdueIds)
    {
        List<SummaryRow> By(AssignmentRole role) => facts.Where(f => f.Role == role)
            .GroupBy(f => f.UnitName)
            .Select(g => Row(g.Key, g.ToList(), overdueIds))
            .OrderByDescending(r => r.Assignments).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new ReportSummary(By(AssignmentRole.Lead), By(AssignmentRole.Supporting), By(AssignmentRole.Implementing),
            Row("合计", facts, overdueIds));
    }

    public static SummaryRow Row(string name, IReadOnlyCollection<AssignmentFact> facts, IReadOnlySet<int> overdueIds) => new(
        name,
        facts.Count,
        facts.Count(f => f.Status is AssignmentStatus.Completed or AssignmentStatus.Continuous),
        facts.Count(f => f.Status is AssignmentStatus.InProgress or AssignmentStatus.Submitted),
        facts.Count(f => f.Status == AssignmentStatus.NotStarted),
        facts.Count(f => overdueIds.Contains(f.Id)));
}
