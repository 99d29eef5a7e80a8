using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> builder)
    {
        builder.ToTable("milestones");
        builder.Property(m => m.Text).HasMaxLength(FieldLimits.MilestoneText);
        builder.HasIndex(m => new { m.TaskId, m.Order }).IsUnique();
        builder.HasIndex(m => m.DueOn);
    }
}
