using AirPlan.Cli.Tests.Support;
using Npgsql;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>airplan generate is deterministic: the same seed into two empty databases gives the same rows.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class GenerateCommandTests(CliPostgres postgres)
{
    private static readonly string[] Args = ["generate", "--counties", "2", "--tasks", "5", "--townships", "3", "--seed", "1"];

    // Row counts plus checksums over the columns the generator draws at random (statuses, dates, texts, sizes, hashes).
    private const string Fingerprint = """
        select 'plans', count(*)::text, md5(string_agg(key || title || region_id || issued_on, ',' order by id)) from plans
        union all select 'tasks', count(*)::text, md5(string_agg(plan_id || path || title || is_continuous || township_scope, ',' order by id)) from tasks
        union all select 'milestones', count(*)::text, md5(string_agg(task_id || ':' || due_on, ',' order by id)) from milestones
        union all select 'units', count(*)::text, md5(string_agg(region_id || name || kind, ',' order by id)) from units
        union all select 'assignments', count(*)::text, md5(string_agg(task_id || ':' || unit_id || role || status || coalesce(status_changed_at::text, '-'), ',' order by id)) from assignments
        union all select 'status_changes', count(*)::text, md5(string_agg(assignment_id || status || changed_at, ',' order by id)) from status_changes
        union all select 'checkpoints', count(*)::text, md5(string_agg(assignment_id || ':' || milestone_id || ':' || done_on, ',' order by id)) from checkpoints
        union all select 'progress_reports', count(*)::text, md5(string_agg(assignment_id || period || progress || reported_at, ',' order by id)) from progress_reports
        union all select 'evidence', count(*)::text, md5(string_agg(assignment_id || ':' || coalesce(report_id, 0) || file_name || size || sha256, ',' order by id)) from evidence
        union all select 'reviews', count(*)::text, md5(string_agg(assignment_id || outcome || reviewed_at, ',' order by id)) from reviews
        """;

    [Fact]
    public async Task TheSameSeedGivesTheSameRowsInTwoDatabases()
    {
        var first = await postgres.FreshDatabaseEnvironmentAsync("cli_gen_a");
        var second = await postgres.FreshDatabaseEnvironmentAsync("cli_gen_b");

        var a = await AirplanCli.RunAsync(first, Args);
        var b = await AirplanCli.RunAsync(second, Args);

        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.True(b.ExitCode == 0, b.Stderr);
        var fa = await FingerprintAsync(first["ConnectionStrings__AirPlan"]);
        var fb = await FingerprintAsync(second["ConnectionStrings__AirPlan"]);
        Assert.Equal(fa, fb);
        Assert.All(fa, row => Assert.NotEqual("0", row.Split('|')[1]));
    }

    [Fact]
    public async Task ASecondRunIntoTheSameDatabaseIsRefused()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_gen_twice");

        var first = await AirplanCli.RunAsync(env, Args);
        var second = await AirplanCli.RunAsync(env, Args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("已有合成数据", second.Stderr);
    }

    [Fact]
    public async Task ABadOptionIsAUsageError()
    {
        var result = await AirplanCli.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__AirPlan"] = "Host=127.0.0.1;Port=1" }, "generate", "--counties", "many");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("airplan generate", result.Stderr);
    }

    private static async Task<List<string>> FingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Fingerprint, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetString(2)}");
        return rows;
    }
}
