using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class ChasedStepConfiguration : IEntityTypeConfiguration<ChasedStep>
{
    public void Configure(EntityTypeBuilder<ChasedStep> builder)
    {
        builder.ToTable("chase_steps");
        builder.Property(s => s.Kind).HasMaxLength(40);
        // The job inserts with ON CONFLICT DO NOTHING against this key: a step already taken is never taken again.
        builder.HasIndex(s => new { s.AssignmentId, s.Kind, s.DueOn }).IsUnique();
        // The dashboard's 已督办 reads escalations only.
        builder.HasIndex(s => s.Kind);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(s => s.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ChaseRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.SetNull);
    }
}
