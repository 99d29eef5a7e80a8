using AirPlan.Web.Features.Admin.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AirPlan.Cli.Commands;

/// <summary>
/// airplan audit verify: walks the audit hash chain (docs/decisions/023-audit-hash-chain.md) and prints that the chain of N rows
/// is intact, or the first broken link (row id, time, what is wrong); exit code 0 intact, 1 broken, 2 usage. It prints the
/// head too, for the operator to keep elsewhere: removing the newest rows leaves an intact shorter chain that only a recorded
/// head exposes. Reads only: the database is not migrated first.
/// </summary>
public static class AuditCommand
{
    public const string Usage = "用法：airplan audit verify";

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is not ["verify"])
        {
            await stderr.WriteLineAsync(Usage);
            return ExitCodes.UsageOrFile;
        }
        using var host = await cli.StartAsync(initialize: false);
        AuditChainReport report;
        try
        {
            report = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedFunction or PostgresErrorCodes.UndefinedTable)
        {
            await stderr.WriteLineAsync("数据库尚未升级到带哈希链的版本：请先启动一次应用（或运行 airplan import）完成升级，再校验。");
            return ExitCodes.UsageOrFile;
        }
        var zone = host.Services.GetRequiredService<TimeProvider>().LocalTimeZone;
        await (report.Intact ? stdout : stderr).WriteLineAsync(report.Message(zone));
        if (report.Rows > 0) await stdout.WriteLineAsync($"链尾：第 {report.HeadSeq} 条，SHA-256 {report.HeadHash}");
        await host.StopAsync();
        return report.Intact ? ExitCodes.Ok : ExitCodes.Refused;
    }
}
