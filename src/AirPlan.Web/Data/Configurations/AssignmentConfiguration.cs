using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.ToTable("assignments");
        builder.Property(a => a.Version).IsRowVersion();
        builder.Property(a => a.ClosedReason).HasMaxLength(FieldLimits.SendBackReason);
        builder.HasIndex(a => new { a.TaskId, a.UnitId, a.Role }).IsUnique();
        // Dashboards group by unit and status; the task list filters by unit.
        builder.HasIndex(a => new { a.UnitId, a.Status });
        builder.HasOne(a => a.Unit).WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
