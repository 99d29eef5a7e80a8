using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class StatusChangeConfiguration : IEntityTypeConfiguration<StatusChange>
{
    public void Configure(EntityTypeBuilder<StatusChange> builder)
    {
        builder.ToTable("status_changes");
        // "Status on date D" = the latest change at or before D for each assignment.
        builder.HasIndex(c => new { c.AssignmentId, c.ChangedAt });
        builder.HasOne(c => c.Assignment).WithMany(a => a.StatusChanges).HasForeignKey(c => c.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
