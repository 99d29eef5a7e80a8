using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.ToTable("plans");
        builder.Property(p => p.Key).HasMaxLength(64);
        builder.Property(p => p.Title).HasMaxLength(300);
        builder.Property(p => p.DocNumber).HasMaxLength(100);
        builder.Property(p => p.Issuer).HasMaxLength(200);
        builder.Property(p => p.RegionNameAsWritten).HasMaxLength(100);
        builder.Property(p => p.SourceSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(p => p.SourceFileName).HasMaxLength(255);
        builder.Property(p => p.Revision).HasDefaultValue(1);
        builder.HasIndex(p => p.Key).IsUnique();
        // The same document twice is one plan: the hash makes a re-import a no-op.
        builder.HasIndex(p => p.SourceSha256).IsUnique();
        builder.HasIndex(p => p.RegionId);
        builder.HasOne(p => p.Region).WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Targets).WithOne().HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Chapters).WithOne().HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Tasks).WithOne(t => t.Plan).HasForeignKey(t => t.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}
