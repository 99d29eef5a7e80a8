using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("notification_deliveries");
        builder.Property(d => d.Target).HasMaxLength(NotificationDelivery.TargetMaxLength);
        builder.Property(d => d.Subject).HasMaxLength(NotificationDelivery.SubjectMaxLength);
        builder.Property(d => d.LastError).HasMaxLength(NotificationDelivery.ErrorMaxLength);
        // The dispatcher asks every few seconds for what is due: only pending rows are in this index, so a table of years of
        // delivered messages costs it nothing.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("delivered_at IS NULL AND failed_at IS NULL")
            .HasDatabaseName("ix_notification_deliveries_due");
        builder.HasIndex(d => d.FailedAt).HasFilter("failed_at IS NOT NULL").HasDatabaseName("ix_notification_deliveries_failed");
        builder.HasOne(d => d.Notification).WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        // A robot removed takes its unsent posts with it: there is nowhere left to send them.
        builder.HasOne(d => d.Robot).WithMany().HasForeignKey(d => d.RobotId).OnDelete(DeleteBehavior.Cascade);
    }
}
