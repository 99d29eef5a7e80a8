using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AirPlan.Web.Data.Configurations;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        // Append-only: a trigger in the migration refuses UPDATE and DELETE.
        builder.ToTable("audit_entries");
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.UserName).HasMaxLength(FieldLimits.PersonName);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.EntityType).HasMaxLength(64);
        builder.Property(a => a.EntityId).HasMaxLength(64);
        builder.Property(a => a.Summary).HasMaxLength(FieldLimits.AuditSummary);
        builder.Property(a => a.Before).HasColumnType("jsonb");
        builder.Property(a => a.After).HasColumnType("jsonb");
        builder.HasIndex(a => new { a.TaskId, a.At });
        // The hash chain is filled by the BEFORE INSERT trigger of Data/Sql/audit_chain.sql: the defaults only make EF leave
        // the columns out of the INSERT and read the trigger's values back. A unique place in the chain: no fork is stored.
        builder.Property(a => a.ChainSeq).HasDefaultValueSql("0");
        builder.Property(a => a.PrevHash).IsRequired().HasDefaultValueSql("'\\x'::bytea");
        builder.Property(a => a.Hash).IsRequired().HasDefaultValueSql("'\\x'::bytea");
        builder.HasIndex(a => a.ChainSeq).IsUnique();
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}
