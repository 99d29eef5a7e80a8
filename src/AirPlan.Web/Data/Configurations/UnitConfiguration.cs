using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ToTable("units");
        builder.Property(u => u.Name).HasMaxLength(FieldLimits.UnitName);
        builder.Property(u => u.Version).IsRowVersion();
        builder.HasIndex(u => new { u.RegionId, u.Name }).IsUnique();
        builder.HasIndex(u => u.TownshipRegionId);
        // The assignment list sorted by 单位 walks units by name and stops at the page (issue #12).
        builder.HasIndex(u => u.Name);
        builder.HasOne(u => u.Region).WithMany().HasForeignKey(u => u.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.TownshipRegion).WithMany().HasForeignKey(u => u.TownshipRegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(u => u.Aliases).WithOne(a => a.Unit).HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
