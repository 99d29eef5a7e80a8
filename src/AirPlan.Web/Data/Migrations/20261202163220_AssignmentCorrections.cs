using System;
using AirPlan.Web.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssignmentCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "assignments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closed_reason",
                table: "assignments",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            // 已撤销 assignments stop counting and assignments count from their plan's issue date (ADR 012, 013).
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AssignmentFacts));
            // Snapshots built under the old rule would be served as they are; they are a cache, rebuilt on first use.
            migrationBuilder.Sql("TRUNCATE assignment_facts, fact_snapshots");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "assignments");

            migrationBuilder.DropColumn(
                name: "closed_reason",
                table: "assignments");
        }
    }
}
