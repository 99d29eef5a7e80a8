using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class ChaseRunConfiguration : IEntityTypeConfiguration<ChaseRun>
{
    public void Configure(EntityTypeBuilder<ChaseRun> builder)
    {
        builder.ToTable("chase_runs");
        builder.Property(r => r.Trigger).HasMaxLength(20);
        builder.Property(r => r.StartedBy).HasMaxLength(100);
        builder.HasIndex(r => r.AsOf);
    }
}
