using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class SupervisionNoticeConfiguration : IEntityTypeConfiguration<SupervisionNotice>
{
    public void Configure(EntityTypeBuilder<SupervisionNotice> builder)
    {
        builder.ToTable("supervision_notices");
        builder.Property(n => n.DocumentNumber).HasMaxLength(NoticeNumbers.PrefixMaxLength + 20);
        builder.Property(n => n.PlanTitle).HasMaxLength(300);
        builder.Property(n => n.TaskTitle).HasMaxLength(FieldLimits.TaskTitle + 50);
        builder.Property(n => n.UnitName).HasMaxLength(FieldLimits.UnitName);
        builder.Property(n => n.Requirements).HasMaxLength(SupervisionNotice.RequirementsMaxLength);
        builder.Property(n => n.IssuingOffice).HasMaxLength(NoticeNumbers.IssuingOfficeMaxLength);
        builder.Property(n => n.IssuedById).HasMaxLength(450);
        builder.Property(n => n.IssuedByName).HasMaxLength(FieldLimits.PersonName);
        builder.Property(n => n.ReplyText).HasMaxLength(SupervisionNotice.ReplyMaxLength);
        builder.Property(n => n.RepliedById).HasMaxLength(450);
        builder.Property(n => n.RepliedByName).HasMaxLength(FieldLimits.PersonName);
        builder.Property(n => n.Version).IsRowVersion();
        // The document as issued (.docx bytes), read only for a download (lists project the columns they show).
        builder.Property<byte[]>("Document").HasColumnName("document").IsRequired();
        // The counter makes numbers unique; the index says so to anyone who writes rows another way.
        builder.HasIndex(n => new { n.RegionId, n.Year, n.Number }).IsUnique();
        builder.HasIndex(n => n.UnitId);
        builder.HasIndex(n => n.AssignmentId);
        // The escalation scan reads only unanswered notices.
        builder.HasIndex(n => n.ReplyBy).HasFilter("status = 'AwaitingReply'").HasDatabaseName("ix_supervision_notices_awaiting_reply");
        builder.HasOne<Region>().WithMany().HasForeignKey(n => n.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Plan>().WithMany().HasForeignKey(n => n.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PlanTask>().WithMany().HasForeignKey(n => n.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Assignment>().WithMany().HasForeignKey(n => n.AssignmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Unit>().WithMany().HasForeignKey(n => n.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.ReplyFiles).WithOne().HasForeignKey(f => f.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class NoticeReplyFileConfiguration : IEntityTypeConfiguration<NoticeReplyFile>
{
    public void Configure(EntityTypeBuilder<NoticeReplyFile> builder)
    {
        builder.ToTable("notice_reply_files");
        builder.Property(f => f.FileName).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(f => f.Sha256);
    }
}
