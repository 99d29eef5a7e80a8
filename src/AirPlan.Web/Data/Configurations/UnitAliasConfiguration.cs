using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class UnitAliasConfiguration : IEntityTypeConfiguration<UnitAlias>
{
    public void Configure(EntityTypeBuilder<UnitAlias> builder)
    {
        builder.ToTable("unit_aliases");
        builder.Property(a => a.Alias).HasMaxLength(FieldLimits.UnitName);
        builder.HasIndex(a => new { a.UnitId, a.Alias }).IsUnique();
        builder.HasIndex(a => a.Alias);
    }
}
