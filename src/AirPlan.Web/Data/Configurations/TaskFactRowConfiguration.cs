using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class TaskFactRowConfiguration : IEntityTypeConfiguration<TaskFactRow>
{
    public void Configure(EntityTypeBuilder<TaskFactRow> builder)
    {
        // A cache of assignment_facts, as unlogged as it: rebuilt from it whenever rows are missing.
        builder.ToTable("task_facts").IsUnlogged();
        builder.HasKey(f => new { f.AsOf, f.FromHistory, f.TaskId });
        builder.HasIndex(f => new { f.AsOf, f.FromHistory, f.PlanId });
    }
}
