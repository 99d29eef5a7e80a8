using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class PlanTargetConfiguration : IEntityTypeConfiguration<PlanTarget>
{
    public void Configure(EntityTypeBuilder<PlanTarget> builder)
    {
        builder.ToTable("plan_targets");
        builder.Property(t => t.Indicator).HasMaxLength(100);
        builder.Property(t => t.Unit).HasMaxLength(50);
        builder.Property(t => t.Value).HasPrecision(12, 3);
    }
}
