using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class FactSnapshotConfiguration : IEntityTypeConfiguration<FactSnapshot>
{
    public void Configure(EntityTypeBuilder<FactSnapshot> builder)
    {
        builder.ToTable("fact_snapshots").IsUnlogged();
        builder.HasKey(s => new { s.PlanId, s.AsOf, s.FromHistory });
        builder.Property(s => s.QuarterKey).HasMaxLength(16);
        builder.Property(s => s.MonthKey).HasMaxLength(16);
        builder.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}
