using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class PlanImportDraftConfiguration : IEntityTypeConfiguration<PlanImportDraft>
{
    public void Configure(EntityTypeBuilder<PlanImportDraft> builder)
    {
        builder.ToTable("plan_import_drafts");
        builder.Property(d => d.FileName).HasMaxLength(PlanImportDraft.FileNameMaxLength);
        builder.Property(d => d.Review).HasColumnType("jsonb");
        builder.Property(d => d.Version).IsRowVersion();
        // One open review per user: the page reopens it, and a second upload cannot silently start another beside it.
        builder.HasIndex(d => d.UserId).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
