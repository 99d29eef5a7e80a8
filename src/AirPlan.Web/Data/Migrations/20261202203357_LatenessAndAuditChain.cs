using System;
using AirPlan.Web.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class LatenessAndAuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "chain_seq",
                table: "audit_entries",
                type: "bigint",
                nullable: false,
                defaultValueSql: "0");

            migrationBuilder.AddColumn<byte[]>(
                name: "hash",
                table: "audit_entries",
                type: "bytea",
                nullable: false,
                defaultValueSql: "'\\x'::bytea");

            migrationBuilder.AddColumn<byte[]>(
                name: "prev_hash",
                table: "audit_entries",
                type: "bytea",
                nullable: false,
                defaultValueSql: "'\\x'::bytea");

            migrationBuilder.AddColumn<int>(
                name: "completed_late_days",
                table: "assignment_facts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "completed_on",
                table: "assignment_facts",
                type: "date",
                nullable: true);

            // 逾期完成 (completed_on, completed_late_days): new result columns, which CREATE OR REPLACE cannot add (ADR 008).
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS assignment_facts_compute(date, timestamptz, boolean, text, timestamptz, text, timestamptz, integer[], integer[])");
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AssignmentFacts));
            // Snapshots built under the old rule have no completion columns; they are a cache, rebuilt on first use.
            migrationBuilder.Sql("TRUNCATE assignment_facts, fact_snapshots");

            // The hash chain (ADR 023): the file chains the rows already there (chain_seq 0) before the index asks for unique places.
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AuditChain));

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_chain_seq",
                table: "audit_entries",
                column: "chain_seq",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_chain ON audit_entries");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_entries_chain(); DROP FUNCTION IF EXISTS audit_chain_verify(); DROP FUNCTION IF EXISTS audit_entry_digest(audit_entries)");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_chain_seq",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "chain_seq",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "hash",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "prev_hash",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "completed_late_days",
                table: "assignment_facts");

            migrationBuilder.DropColumn(
                name: "completed_on",
                table: "assignment_facts");
        }
    }
}
