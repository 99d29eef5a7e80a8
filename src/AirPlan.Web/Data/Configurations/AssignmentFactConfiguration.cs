using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class AssignmentFactConfiguration : IEntityTypeConfiguration<AssignmentFact>
{
    public void Configure(EntityTypeBuilder<AssignmentFact> builder)
    {
        // A cache that can always be rebuilt from the work tables: unlogged (no WAL), emptied with its snapshots after a crash.
        builder.ToTable("assignment_facts").IsUnlogged();
        builder.HasKey(f => new { f.AsOf, f.FromHistory, f.AssignmentId });
        // One county's plan out of a province's rows.
        builder.HasIndex(f => new { f.AsOf, f.FromHistory, f.PlanId });
        // One unit's rows out of a province's (a department or township row's drill-down, a liaison's own work): without it
        // the grouped task list narrowed to one department scanned all 89k facts of the date (ADR 030).
        builder.HasIndex(f => new { f.AsOf, f.FromHistory, f.UnitId });
        // One task's rows: the assignment list sorted by 任务 (and each run of equal deadlines) walks plans → tasks → facts
        // in order and stops at the page. The list's ordered indexes over expressions are in Data/Sql/assignment_list_indexes.sql.
        builder.HasIndex(f => new { f.AsOf, f.FromHistory, f.TaskId });
        // No foreign keys: checking them per row doubled the cost of building a province's facts. Rows of deleted assignments
        // are removed by the assignments trigger, and a dropped snapshot's rows by FactSnapshots.
    }
}
