using System.Reflection;

namespace AirPlan.Web.Data.Sql;

/// <summary>
/// The hand-written SQL (functions, triggers) that migrations apply, kept as embedded .sql files beside this class so that a
/// rule change is a reviewed diff of one file rather than a new copy of a long string in a new migration
/// (docs/decisions/008-sql-in-files.md). The files are idempotent: applying one again replaces what it defines.
/// </summary>
public static class SqlScripts
{
    public const string AssignmentFacts = "assignment_facts.sql";
    public const string AssignmentListIndexes = "assignment_list_indexes.sql";
    public const string AuditAppendOnly = "audit_append_only.sql";
    public const string AuditChain = "audit_chain.sql";
    public const string TaskFacts = "task_facts.sql";
    public const string UnitFacts = "unit_facts.sql";

    /// <summary>The text of <paramref name="fileName"/> in Data/Sql (embedded under this class's namespace, see the .csproj).</summary>
    public static string Read(string fileName)
    {
        var resource = $"{typeof(SqlScripts).Namespace}.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL script {resource} not found; is Data/Sql/{fileName} an EmbeddedResource?");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
