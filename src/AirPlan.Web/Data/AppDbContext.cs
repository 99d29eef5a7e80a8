using AirPlan.Core.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Data;

public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser, IdentityRole, string>(options),
    IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanTarget> PlanTargets => Set<PlanTarget>();
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<Chapter> Chapters => Set<Chapter>();
    public DbSet<PlanTask> Tasks => Set<PlanTask>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<UnitAlias> UnitAliases => Set<UnitAlias>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<Checkpoint> Checkpoints => Set<Checkpoint>();
    public DbSet<ProgressReport> ProgressReports => Set<ProgressReport>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();
    public DbSet<UserUnit> UserUnits => Set<UserUnit>();
    public DbSet<UserRegion> UserRegions => Set<UserRegion>();
    public DbSet<AssignmentFact> AssignmentFacts => Set<AssignmentFact>();
    public DbSet<FactSnapshot> FactSnapshots => Set<FactSnapshot>();
    public DbSet<TaskFactRow> TaskFactRows => Set<TaskFactRow>();
    public DbSet<TaskFactStale> TaskFactsStale => Set<TaskFactStale>();
    public DbSet<UnitFactRow> UnitFactRows => Set<UnitFactRow>();
    public DbSet<UnitFactStale> UnitFactsStale => Set<UnitFactStale>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<PasswordHistoryEntry> PasswordHistory => Set<PasswordHistoryEntry>();
    public DbSet<SignInFailureCount> SignInFailures => Set<SignInFailureCount>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ReportDraft> ReportDrafts => Set<ReportDraft>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ChaseRun> ChaseRuns => Set<ChaseRun>();
    public DbSet<ChasedStep> ChasedSteps => Set<ChasedStep>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<GroupRobot> GroupRobots => Set<GroupRobot>();
    public DbSet<PlanImportDraft> PlanImportDrafts => Set<PlanImportDraft>();
    public DbSet<SupervisionNotice> SupervisionNotices => Set<SupervisionNotice>();
    public DbSet<NoticeReplyFile> NoticeReplyFiles => Set<NoticeReplyFile>();
    public DbSet<RegionNoticeSetting> RegionNoticeSettings => Set<RegionNoticeSetting>();
    public DbSet<NoticeCounter> NoticeCounters => Set<NoticeCounter>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        // Identity's tables follow the same snake_case naming as ours.
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names so the database reads without the code at hand.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
