using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class SignInFailureCountConfiguration : IEntityTypeConfiguration<SignInFailureCount>
{
    public void Configure(EntityTypeBuilder<SignInFailureCount> builder)
    {
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).HasMaxLength(160);
        // Forgotten counts are swept by age.
        builder.HasIndex(f => f.LastFailureAt);
    }
}
