using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class TaskFactStaleConfiguration : IEntityTypeConfiguration<TaskFactStale>
{
    public void Configure(EntityTypeBuilder<TaskFactStale> builder)
    {
        builder.ToTable("task_facts_stale").IsUnlogged();
        builder.HasKey(s => new { s.AsOf, s.FromHistory, s.TaskId });
    }
}
