using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "report_drafts",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    assignment_id = table.Column<int>(type: "integer", nullable: false),
                    period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    progress = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    problems = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    next_steps = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    percent_complete = table.Column<int>(type: "integer", nullable: true),
                    milestone_ids = table.Column<List<int>>(type: "integer[]", nullable: false),
                    saved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_report_drafts", x => new { x.user_id, x.assignment_id });
                    table.ForeignKey(
                        name: "fk_report_drafts_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_report_drafts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_report_drafts_assignment_id",
                table: "report_drafts",
                column: "assignment_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "report_drafts");
        }
    }
}
