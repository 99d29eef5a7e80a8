using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> builder)
    {
        builder.ToTable("evidence");
        builder.Property(e => e.FileName).HasMaxLength(255);
        builder.Property(e => e.ContentType).HasMaxLength(100);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.UploadedById).HasMaxLength(450);
        builder.Property(e => e.UploadedByName).HasMaxLength(FieldLimits.PersonName);
        builder.Property(e => e.RemovedByName).HasMaxLength(FieldLimits.PersonName);
        builder.HasIndex(e => e.AssignmentId);
        builder.HasIndex(e => e.Sha256);
        builder.HasOne(e => e.Assignment).WithMany().HasForeignKey(e => e.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProgressReport>().WithMany().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.SetNull);
    }
}
