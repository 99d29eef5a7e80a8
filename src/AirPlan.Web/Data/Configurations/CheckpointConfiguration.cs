using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class CheckpointConfiguration : IEntityTypeConfiguration<Checkpoint>
{
    public void Configure(EntityTypeBuilder<Checkpoint> builder)
    {
        builder.ToTable("checkpoints");
        builder.Property(c => c.Note).HasMaxLength(FieldLimits.CheckpointNote);
        builder.HasIndex(c => new { c.AssignmentId, c.MilestoneId }).IsUnique();
        builder.HasOne(c => c.Assignment).WithMany(a => a.Checkpoints).HasForeignKey(c => c.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Milestone).WithMany().HasForeignKey(c => c.MilestoneId).OnDelete(DeleteBehavior.Cascade);
    }
}
