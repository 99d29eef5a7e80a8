using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupervisionNoticesAndBulletins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notice_counters",
                columns: table => new
                {
                    region_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_counters", x => new { x.region_id, x.year });
                    table.ForeignKey(
                        name: "fk_notice_counters_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "region_notice_settings",
                columns: table => new
                {
                    region_id = table.Column<int>(type: "integer", nullable: false),
                    prefix = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    issuing_office = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_region_notice_settings", x => x.region_id);
                    table.ForeignKey(
                        name: "fk_region_notice_settings_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervision_notices",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_id = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    document_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    plan_id = table.Column<int>(type: "integer", nullable: false),
                    task_id = table.Column<int>(type: "integer", nullable: false),
                    assignment_id = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<int>(type: "integer", nullable: false),
                    plan_title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    task_title = table.Column<string>(type: "character varying(550)", maxLength: 550, nullable: false),
                    unit_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    original_deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    days_overdue = table.Column<int>(type: "integer", nullable: false),
                    required_by = table.Column<DateOnly>(type: "date", nullable: false),
                    reply_by = table.Column<DateOnly>(type: "date", nullable: false),
                    requirements = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    issuing_office = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    issued_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reply_text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    replied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replied_by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    replied_by_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    document = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_notices_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_supervision_notices_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_supervision_notices_regions_region_id",
                        column: x => x.region_id,
                        principalTable: "regions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supervision_notices_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_supervision_notices_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notice_reply_files",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    notice_id = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notice_reply_files", x => x.id);
                    table.ForeignKey(
                        name: "fk_notice_reply_files_supervision_notices_notice_id",
                        column: x => x.notice_id,
                        principalTable: "supervision_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_notice_reply_files_notice_id",
                table: "notice_reply_files",
                column: "notice_id");

            migrationBuilder.CreateIndex(
                name: "ix_notice_reply_files_sha256",
                table: "notice_reply_files",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notices_assignment_id",
                table: "supervision_notices",
                column: "assignment_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notices_awaiting_reply",
                table: "supervision_notices",
                column: "reply_by",
                filter: "status = 'AwaitingReply'");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notices_plan_id",
                table: "supervision_notices",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notices_region_id_year_number",
                table: "supervision_notices",
                columns: new[] { "region_id", "year", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notices_task_id",
                table: "supervision_notices",
                column: "task_id");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notices_unit_id",
                table: "supervision_notices",
                column: "unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_counters");

            migrationBuilder.DropTable(
                name: "notice_reply_files");

            migrationBuilder.DropTable(
                name: "region_notice_settings");

            migrationBuilder.DropTable(
                name: "supervision_notices");
        }
    }
}
