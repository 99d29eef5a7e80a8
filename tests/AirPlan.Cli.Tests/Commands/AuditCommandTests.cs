using AirPlan.Cli.Commands;
using AirPlan.Cli.Tests.Support;
using Npgsql;

namespace AirPlan.Cli.Tests.Commands;

[Collection(CliPostgresCollection.Name)]
public sealed class AuditCommandTests(CliPostgres postgres)
{
    [Fact]
    public async Task AuditVerifySaysTheChainIsIntactThenNamesTheRowEditedInTheDatabase()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_audit");
        // create-admin migrates the database the way the app's start does; the history then gets three rows.
        var admin = new Dictionary<string, string>(env) { [CreateAdminCommand.PasswordVariable] = "孟津区大气办的第一位管理员" };
        Assert.Equal(0, (await AirplanCli.RunAsync(admin, "create-admin", "--name", "chief")).ExitCode);
        await using var connection = new NpgsqlConnection(env["ConnectionStrings__AirPlan"]);
        await connection.OpenAsync();
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_entries (at, user_name, action, entity_type, entity_id, summary)
            SELECT now(), '王主任', 'account.test', 'Account', n::text, '第 ' || n || ' 次操作' FROM generate_series(1, 3) n
            """, connection))
            await insert.ExecuteNonQueryAsync();
        var rows = (long)(await new NpgsqlCommand("SELECT count(*) FROM audit_entries", connection).ExecuteScalarAsync())!;

        var intact = await AirplanCli.RunAsync(env, "audit", "verify");
        var second = (long)(await new NpgsqlCommand("SELECT id FROM audit_entries ORDER BY chain_seq OFFSET 1 LIMIT 1", connection).ExecuteScalarAsync())!;
        await new NpgsqlCommand($"""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            UPDATE audit_entries SET summary = '改过的操作' WHERE id = {second};
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
            """, connection).ExecuteNonQueryAsync();
        var broken = await AirplanCli.RunAsync(env, "audit", "verify");

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains($"操作记录哈希链完整：共 {rows} 条", intact.Stdout);
        Assert.Contains($"链尾：第 {rows} 条，SHA-256 ", intact.Stdout);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"操作记录哈希链在第 {second} 号记录处断开", broken.Stderr);
        Assert.Contains("已被直接修改", broken.Stderr);
    }

    [Fact]
    public async Task AuditWithoutVerifyPrintsItsUsage()
    {
        var result = await AirplanCli.RunAsync(null, "audit");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(AuditCommand.Usage, result.Stderr);
    }
}
