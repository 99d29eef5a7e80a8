using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class RegionNoticeSettingConfiguration : IEntityTypeConfiguration<RegionNoticeSetting>
{
    public void Configure(EntityTypeBuilder<RegionNoticeSetting> builder)
    {
        builder.ToTable("region_notice_settings");
        builder.HasKey(s => s.RegionId);
        builder.Property(s => s.Prefix).HasMaxLength(NoticeNumbers.PrefixMaxLength);
        builder.Property(s => s.IssuingOffice).HasMaxLength(NoticeNumbers.IssuingOfficeMaxLength);
        builder.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class NoticeCounterConfiguration : IEntityTypeConfiguration<NoticeCounter>
{
    public void Configure(EntityTypeBuilder<NoticeCounter> builder)
    {
        builder.ToTable("notice_counters");
        builder.HasKey(c => new { c.RegionId, c.Year });
        builder.HasOne<Region>().WithMany().HasForeignKey(c => c.RegionId).OnDelete(DeleteBehavior.Cascade);
    }
}
