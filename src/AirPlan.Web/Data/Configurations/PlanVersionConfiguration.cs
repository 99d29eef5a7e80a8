using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    public void Configure(EntityTypeBuilder<PlanVersion> builder)
    {
        builder.ToTable("plan_versions");
        builder.Property(v => v.Title).HasMaxLength(300);
        builder.Property(v => v.DocNumber).HasMaxLength(100);
        builder.Property(v => v.FileName).HasMaxLength(255);
        builder.Property(v => v.SourceSha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(v => new { v.PlanId, v.Number }).IsUnique();
    }
}
