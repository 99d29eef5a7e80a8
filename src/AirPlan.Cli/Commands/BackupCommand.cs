using AirPlan.Web.Infrastructure.Backup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Commands;

/// <summary>
/// airplan backup --out DIR and airplan restore DIR (<see cref="BackupArchive"/>): the same configuration as the app, so the
/// database and evidence folder are the ones it uses. Exit 1 when refused or failed (the reason on stderr), 2 for usage.
/// </summary>
public static class BackupCommand
{
    public const string BackupUsage = "用法：airplan backup --out 目录";
    public const string RestoreUsage = "用法：airplan restore 备份目录";

    public static async Task<int> RunBackupAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var outIndex = Array.IndexOf(args, "--out");
        if (outIndex < 0 || outIndex + 1 >= args.Length)
        {
            await stderr.WriteLineAsync(BackupUsage);
            return ExitCodes.UsageOrFile;
        }
        return await RunAsync(cli, stdout, stderr, async archive =>
        {
            var manifest = await archive.BackupAsync(args[outIndex + 1]);
            await stdout.WriteLineAsync($"已备份：{Path.GetFullPath(args[outIndex + 1])}（{manifest.Files.Count} 个文件，数据库结构版本 {manifest.SchemaVersion}）");
        });
    }

    public static async Task<int> RunRestoreAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            await stderr.WriteLineAsync(RestoreUsage);
            return ExitCodes.UsageOrFile;
        }
        if (!Directory.Exists(args[0]))
        {
            await stderr.WriteLineAsync($"备份目录不存在：{args[0]}");
            return ExitCodes.UsageOrFile;
        }
        return await RunAsync(cli, stdout, stderr, async archive =>
        {
            var manifest = await archive.RestoreAsync(args[0]);
            await stdout.WriteLineAsync($"已恢复：{manifest.Files.Count} 个文件已校验，数据库结构版本 {manifest.SchemaVersion}（备份于 {manifest.CreatedAt.ToLocalTime():yyyy年M月d日 HH:mm}）");
        });
    }

    private static async Task<int> RunAsync(CliHost cli, TextWriter stdout, TextWriter stderr, Func<BackupArchive, Task> run)
    {
        using var host = await cli.StartAsync(initialize: false);
        try
        {
            await run(host.Services.GetRequiredService<BackupArchive>());
            return ExitCodes.Ok;
        }
        catch (BackupException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return ExitCodes.Refused;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("pg_dump", StringComparison.Ordinal))
        {
            await stderr.WriteLineAsync(e.Message);
            return ExitCodes.Refused;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
