using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class PlanTaskConfiguration : IEntityTypeConfiguration<PlanTask>
{
    public void Configure(EntityTypeBuilder<PlanTask> builder)
    {
        builder.ToTable("tasks");
        builder.Property(t => t.Number).HasMaxLength(32);
        builder.Property(t => t.Path).HasMaxLength(100);
        builder.Property(t => t.Section).HasMaxLength(300);
        builder.Property(t => t.Title).HasMaxLength(FieldLimits.TaskTitle);
        builder.Property(t => t.Recurrence).HasMaxLength(50);
        builder.Property(t => t.Version).IsRowVersion();
        builder.HasIndex(t => new { t.PlanId, t.Path }).IsUnique();
        builder.HasIndex(t => new { t.PlanId, t.Order }).IsUnique();
        builder.HasIndex(t => t.ChapterId);
        builder.HasIndex(t => t.ParentId);
        // Trigram indexes make 包含 searches on Chinese text fast (LIKE '%…%').
        builder.HasIndex(t => t.Title).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(t => t.Text).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasOne(t => t.Chapter).WithMany().HasForeignKey(t => t.ChapterId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Parent).WithMany(t => t.Subitems).HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Milestones).WithOne(m => m.Task).HasForeignKey(m => m.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Assignments).WithOne(a => a.Task).HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}
