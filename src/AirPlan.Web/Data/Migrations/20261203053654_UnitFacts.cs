using System;
using AirPlan.Web.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnitFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "unit_facts",
                columns: table => new
                {
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    from_history = table.Column<bool>(type: "boolean", nullable: false),
                    plan_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    assignments = table.Column<int>(type: "integer", nullable: false),
                    tasks = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    in_progress = table.Column<int>(type: "integer", nullable: false),
                    submitted = table.Column<int>(type: "integer", nullable: false),
                    not_started = table.Column<int>(type: "integer", nullable: false),
                    continuous = table.Column<int>(type: "integer", nullable: false),
                    overdue = table.Column<int>(type: "integer", nullable: false),
                    due_soon = table.Column<int>(type: "integer", nullable: false),
                    report_missing = table.Column<int>(type: "integer", nullable: false),
                    counted = table.Column<int>(type: "integer", nullable: false),
                    counted_done = table.Column<int>(type: "integer", nullable: false),
                    first_missed_due = table.Column<DateOnly>(type: "date", nullable: true),
                    next_due = table.Column<DateOnly>(type: "date", nullable: true),
                    completed_on_time = table.Column<int>(type: "integer", nullable: false),
                    completed_late = table.Column<int>(type: "integer", nullable: false),
                    tasks_completed = table.Column<int>(type: "integer", nullable: false),
                    tasks_in_progress = table.Column<int>(type: "integer", nullable: false),
                    tasks_awaiting_review = table.Column<int>(type: "integer", nullable: false),
                    tasks_not_started = table.Column<int>(type: "integer", nullable: false),
                    tasks_continuous = table.Column<int>(type: "integer", nullable: false),
                    tasks_overdue = table.Column<int>(type: "integer", nullable: false),
                    tasks_completed_on_time = table.Column<int>(type: "integer", nullable: false),
                    tasks_completed_late = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_facts", x => new { x.as_of, x.from_history, x.plan_id, x.unit_id, x.role });
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateTable(
                name: "unit_facts_stale",
                columns: table => new
                {
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    from_history = table.Column<bool>(type: "boolean", nullable: false),
                    plan_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_facts_stale", x => new { x.as_of, x.from_history, x.plan_id });
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateIndex(
                name: "ix_unit_facts_as_of_from_history_role_unit_id",
                table: "unit_facts",
                columns: new[] { "as_of", "from_history", "role", "unit_id" });

            // The triggers that mark unit_facts stale (ADR 036); plans whose facts are already built are marked for their first reader.
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.UnitFacts));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS unit_facts_insert ON assignment_facts; DROP TRIGGER IF EXISTS unit_facts_update ON assignment_facts; "
                + "DROP TRIGGER IF EXISTS unit_facts_delete ON assignment_facts; DROP TRIGGER IF EXISTS unit_facts_delete ON fact_snapshots; "
                + "DROP FUNCTION IF EXISTS unit_facts_on_assignment_facts(); DROP FUNCTION IF EXISTS unit_facts_on_fact_snapshots();");

            migrationBuilder.DropTable(
                name: "unit_facts");

            migrationBuilder.DropTable(
                name: "unit_facts_stale");
        }
    }
}
