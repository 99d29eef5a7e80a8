using AirPlan.Web.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AirPlan.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssignmentListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_units_name",
                table: "units",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_assignment_facts_as_of_from_history_task_id",
                table: "assignment_facts",
                columns: new[] { "as_of", "from_history", "task_id" });

            // The list's ordered indexes over expressions, which the model cannot declare (ADR 008; issue #12).
            migrationBuilder.Sql(SqlScripts.Read(SqlScripts.AssignmentListIndexes));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_assignment_facts_list_deadline;
                DROP INDEX IF EXISTS ix_assignment_facts_list_status;
                DROP INDEX IF EXISTS ix_assignment_facts_list_last_report;
                """);

            migrationBuilder.DropIndex(
                name: "ix_units_name",
                table: "units");

            migrationBuilder.DropIndex(
                name: "ix_assignment_facts_as_of_from_history_task_id",
                table: "assignment_facts");
        }
    }
}
