using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class GroupRobotConfiguration : IEntityTypeConfiguration<GroupRobot>
{
    public void Configure(EntityTypeBuilder<GroupRobot> builder)
    {
        builder.ToTable("group_robots", t => t.HasCheckConstraint("ck_group_robots_one_owner", "(unit_id IS NULL) <> (region_id IS NULL)"));
        builder.Property(r => r.Name).HasMaxLength(GroupRobot.NameMaxLength);
        builder.Property(r => r.WebhookUrl).HasMaxLength(GroupRobot.UrlMaxLength);
        builder.Property(r => r.Secret).HasMaxLength(200);
        builder.HasIndex(r => r.UnitId);
        builder.HasIndex(r => r.RegionId);
        builder.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Region).WithMany().HasForeignKey(r => r.RegionId).OnDelete(DeleteBehavior.Cascade);
    }
}
