using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> builder)
    {
        builder.ToTable("progress_reports");
        builder.Property(r => r.Period).HasMaxLength(16);
        builder.Property(r => r.Progress).HasMaxLength(FieldLimits.ReportText);
        builder.Property(r => r.Problems).HasMaxLength(FieldLimits.ReportText);
        builder.Property(r => r.NextSteps).HasMaxLength(FieldLimits.ReportText);
        builder.Property(r => r.AuthorId).HasMaxLength(450);
        builder.Property(r => r.AuthorName).HasMaxLength(FieldLimits.PersonName);
        // "Which periods has this assignment reported for" and "latest report" are the hot lookups.
        builder.HasIndex(r => new { r.AssignmentId, r.Period });
        builder.HasIndex(r => new { r.AssignmentId, r.ReportedAt });
        // 未按期报送 reads one period's reports for a whole plan or province at once (rollup_compute).
        builder.HasIndex(r => new { r.Period, r.AssignmentId }).IncludeProperties(r => r.ReportedAt);
        builder.HasOne(r => r.Assignment).WithMany().HasForeignKey(r => r.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
