using Npgsql;

namespace AirPlan.Web.Seeding;

/// <summary>
/// The binary COPY and long-running statements that bulk writers share: <see cref="WorkHistory"/> (the demo's and
/// <c>airplan generate</c>'s history) and the CLI's synthetic plans.
/// </summary>
public static class BulkCopy
{
    /// <summary>Writes <paramref name="rows"/> with <c>COPY target FROM STDIN (FORMAT BINARY)</c>; returns the rows written.</summary>
    public static async Task<long> CopyAsync<T>(NpgsqlConnection conn, string target, IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync($"copy {target} from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await write(importer, row);
        }
        return (long)await importer.CompleteAsync(ct);
    }

    /// <summary>The table a COPY target names (<c>"milestones (id, …)"</c> → <c>milestones</c>).</summary>
    public static string TableOf(string target) => target[..target.IndexOf(' ')];

    /// <summary>Runs a statement that may take minutes at province scale (index builds, setval over large tables).</summary>
    public static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
