using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class UnitFactStaleConfiguration : IEntityTypeConfiguration<UnitFactStale>
{
    public void Configure(EntityTypeBuilder<UnitFactStale> builder)
    {
        builder.ToTable("unit_facts_stale").IsUnlogged();
        builder.HasKey(s => new { s.AsOf, s.FromHistory, s.PlanId });
    }
}
