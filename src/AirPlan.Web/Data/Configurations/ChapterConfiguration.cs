using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class ChapterConfiguration : IEntityTypeConfiguration<Chapter>
{
    public void Configure(EntityTypeBuilder<Chapter> builder)
    {
        builder.ToTable("chapters");
        builder.Property(c => c.Number).HasMaxLength(16);
        builder.Property(c => c.Title).HasMaxLength(300);
        builder.HasIndex(c => new { c.PlanId, c.Order }).IsUnique();
    }
}
