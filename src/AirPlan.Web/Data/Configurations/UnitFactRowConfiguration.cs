using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class UnitFactRowConfiguration : IEntityTypeConfiguration<UnitFactRow>
{
    public void Configure(EntityTypeBuilder<UnitFactRow> builder)
    {
        // A cache of assignment_facts, as unlogged as it: counted again from it whenever a plan is marked stale.
        builder.ToTable("unit_facts").IsUnlogged();
        builder.Property(f => f.Role).HasMaxLength(32);
        builder.HasKey(f => new { f.AsOf, f.FromHistory, f.PlanId, f.UnitId, f.Role });
        builder.HasIndex(f => new { f.AsOf, f.FromHistory, f.Role, f.UnitId });
    }
}
