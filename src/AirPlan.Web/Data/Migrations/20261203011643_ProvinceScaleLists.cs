using System;
using AirPlan.Web.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProvinceScaleLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_report_at",
                table: "assignment_facts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "task_facts",
                columns: table => new
                {
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    from_history = table.Column<bool>(type: "boolean", nullable: false),
                    task_id = table.Column<int>(type: "integer", nullable: false),
                    plan_id = table.Column<int>(type: "integer", nullable: false),
                    assignments = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    not_started = table.Column<int>(type: "integer", nullable: false),
                    in_progress = table.Column<int>(type: "integer", nullable: false),
                    submitted = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    continuous = table.Column<int>(type: "integer", nullable: false),
                    overdue = table.Column<int>(type: "integer", nullable: false),
                    first_missed_due = table.Column<DateOnly>(type: "date", nullable: true),
                    next_due = table.Column<DateOnly>(type: "date", nullable: true),
                    completed_late = table.Column<int>(type: "integer", nullable: false),
                    completed_late_days = table.Column<int>(type: "integer", nullable: true),
                    last_report_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_facts", x => new { x.as_of, x.from_history, x.task_id });
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateTable(
                name: "task_facts_stale",
                columns: table => new
                {
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    from_history = table.Column<bool>(type: "boolean", nullable: false),
                    task_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_facts_stale", x => new { x.as_of, x.from_history, x.task_id });
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateIndex(
                name: "ix_assignment_facts_as_of_from_history_unit_id",
                table: "assignment_facts",
                columns: new[] { "as_of", "from_history", "unit_id" });

            migrationBuilder.CreateIndex(
                name: "ix_task_facts_as_of_from_history_plan_id",
                table: "task_facts",
                columns: new[] { "as_of", "from_history", "plan_id" });

            // 最近报送 (last_report_at) is a new result column, which CREATE OR REPLACE cannot add (ADR 008).
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS assignment_facts_compute(date, timestamptz, boolean, text, timestamptz, text, timestamptz, integer[], integer[])");
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AssignmentFacts));
            // Snapshots built before have no last report; they are a cache, rebuilt on first use.
            migrationBuilder.Sql("TRUNCATE assignment_facts, fact_snapshots");
            // The triggers that mark task_facts stale (ADR 030), on the tables this migration adds.
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.TaskFacts));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS task_facts_insert ON assignment_facts; DROP TRIGGER IF EXISTS task_facts_update ON assignment_facts; "
                + "DROP TRIGGER IF EXISTS task_facts_delete ON assignment_facts; DROP TRIGGER IF EXISTS task_facts_delete ON fact_snapshots; "
                + "DROP FUNCTION IF EXISTS task_facts_on_assignment_facts(); DROP FUNCTION IF EXISTS task_facts_on_fact_snapshots();");

            migrationBuilder.DropIndex(
                name: "ix_assignment_facts_as_of_from_history_unit_id",
                table: "assignment_facts");

            migrationBuilder.DropTable(
                name: "task_facts");

            migrationBuilder.DropTable(
                name: "task_facts_stale");

            migrationBuilder.DropColumn(
                name: "last_report_at",
                table: "assignment_facts");
        }
    }
}
