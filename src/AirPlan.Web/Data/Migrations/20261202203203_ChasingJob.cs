using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChasingJob : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing plans get the defaults of ChasingSettings.Default (7/15/5), not 0 (which would remind nobody of anything).
            migrationBuilder.AddColumn<int>(
                name: "due_soon_days",
                table: "plans",
                type: "integer",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<int>(
                name: "escalate_after_days",
                table: "plans",
                type: "integer",
                nullable: false,
                defaultValue: 15);

            migrationBuilder.AddColumn<int>(
                name: "review_waiting_days",
                table: "plans",
                type: "integer",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.CreateTable(
                name: "chase_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    trigger = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    started_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    due_soon = table.Column<int>(type: "integer", nullable: false),
                    overdue = table.Column<int>(type: "integer", nullable: false),
                    escalated = table.Column<int>(type: "integer", nullable: false),
                    report_missing = table.Column<int>(type: "integer", nullable: false),
                    review_waiting = table.Column<int>(type: "integer", nullable: false),
                    notifications = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chase_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "chase_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    assignment_id = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    run_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chase_steps", x => x.id);
                    table.ForeignKey(
                        name: "fk_chase_steps_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_chase_steps_chase_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "chase_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_chase_runs_as_of",
                table: "chase_runs",
                column: "as_of");

            migrationBuilder.CreateIndex(
                name: "ix_chase_steps_assignment_id_kind_due_on",
                table: "chase_steps",
                columns: new[] { "assignment_id", "kind", "due_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chase_steps_kind",
                table: "chase_steps",
                column: "kind");

            migrationBuilder.CreateIndex(
                name: "ix_chase_steps_run_id",
                table: "chase_steps",
                column: "run_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chase_steps");

            migrationBuilder.DropTable(
                name: "chase_runs");

            migrationBuilder.DropColumn(
                name: "due_soon_days",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "escalate_after_days",
                table: "plans");

            migrationBuilder.DropColumn(
                name: "review_waiting_days",
                table: "plans");
        }
    }
}
