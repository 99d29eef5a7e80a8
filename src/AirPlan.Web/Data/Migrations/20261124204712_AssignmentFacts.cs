using System;
using AirPlan.Web.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssignmentFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assignment_facts",
                columns: table => new
                {
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    from_history = table.Column<bool>(type: "boolean", nullable: false),
                    assignment_id = table.Column<int>(type: "integer", nullable: false),
                    plan_id = table.Column<int>(type: "integer", nullable: false),
                    task_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    first_missed_due = table.Column<DateOnly>(type: "date", nullable: true),
                    next_due = table.Column<DateOnly>(type: "date", nullable: true),
                    report_missing = table.Column<bool>(type: "boolean", nullable: false),
                    counted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assignment_facts", x => new { x.as_of, x.from_history, x.assignment_id });
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateTable(
                name: "fact_snapshots",
                columns: table => new
                {
                    plan_id = table.Column<int>(type: "integer", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    from_history = table.Column<bool>(type: "boolean", nullable: false),
                    as_of_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    quarter_key = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    quarter_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    month_key = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    month_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    built_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fact_snapshots", x => new { x.plan_id, x.as_of, x.from_history });
                    table.ForeignKey(
                        name: "fk_fact_snapshots_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateIndex(
                name: "ix_progress_reports_period_assignment_id",
                table: "progress_reports",
                columns: new[] { "period", "assignment_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "reported_at" });

            migrationBuilder.CreateIndex(
                name: "ix_assignment_facts_as_of_from_history_plan_id",
                table: "assignment_facts",
                columns: new[] { "as_of", "from_history", "plan_id" });
            // The status-model rules as one set-based query and the triggers that keep built snapshots current (Data/Sql).
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AssignmentFacts));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropSql);
            migrationBuilder.DropTable(
                name: "assignment_facts");

            migrationBuilder.DropTable(
                name: "fact_snapshots");

            migrationBuilder.DropIndex(
                name: "ix_progress_reports_period_assignment_id",
                table: "progress_reports");
        }

        private const string DropSql = """
            DROP TRIGGER assignment_facts_insert ON assignments;
            DROP TRIGGER assignment_facts_update ON assignments;
            DROP TRIGGER assignment_facts_delete ON assignments;
            DROP TRIGGER assignment_facts_insert ON status_changes;
            DROP TRIGGER assignment_facts_update ON status_changes;
            DROP TRIGGER assignment_facts_delete ON status_changes;
            DROP TRIGGER assignment_facts_insert ON checkpoints;
            DROP TRIGGER assignment_facts_update ON checkpoints;
            DROP TRIGGER assignment_facts_delete ON checkpoints;
            DROP TRIGGER assignment_facts_insert ON progress_reports;
            DROP TRIGGER assignment_facts_update ON progress_reports;
            DROP TRIGGER assignment_facts_delete ON progress_reports;
            DROP TRIGGER assignment_facts_insert ON milestones;
            DROP TRIGGER assignment_facts_update ON milestones;
            DROP TRIGGER assignment_facts_delete ON milestones;
            DROP TRIGGER assignment_facts_update ON plans;
            DROP FUNCTION assignment_facts_on_assignments();
            DROP FUNCTION assignment_facts_on_dated_rows();
            DROP FUNCTION assignment_facts_on_milestones();
            DROP FUNCTION assignment_facts_on_plans();
            DROP FUNCTION assignment_facts_refresh(integer[], timestamptz);
            DROP FUNCTION assignment_facts_compute(date, timestamptz, boolean, text, timestamptz, text, timestamptz, integer[], integer[]);
            """;
    }
}
