using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("user_sessions");
        // Ids are random (Guid.NewGuid) rather than database-generated: the id is the bearer secret's handle in the cookie.
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // Revoking all of a user's sessions looks them up by user.
        builder.HasIndex(s => s.UserId);
    }
}
