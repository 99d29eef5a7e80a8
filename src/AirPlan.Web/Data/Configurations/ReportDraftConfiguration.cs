using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class ReportDraftConfiguration : IEntityTypeConfiguration<ReportDraft>
{
    public void Configure(EntityTypeBuilder<ReportDraft> builder)
    {
        builder.ToTable("report_drafts");
        builder.HasKey(d => new { d.UserId, d.AssignmentId });
        builder.Property(d => d.Period).HasMaxLength(16);
        builder.Property(d => d.Progress).HasMaxLength(FieldLimits.ReportText);
        builder.Property(d => d.Problems).HasMaxLength(FieldLimits.ReportText);
        builder.Property(d => d.NextSteps).HasMaxLength(FieldLimits.ReportText);
        // A draft goes with its author's account and with the assignment it was typed for.
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(d => d.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
