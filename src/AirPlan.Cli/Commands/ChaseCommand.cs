using System.Globalization;
using AirPlan.Core.Formatting;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Chasing.Job;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Cli.Commands;

/// <summary>
/// airplan chase [--as-of 2025-10-31]: the daily chasing job once, now, under the same cluster lock as the app's schedule
/// (so it never runs beside a running instance's job). Steps already taken are not taken again, so running it twice is safe.
/// </summary>
public static class ChaseCommand
{
    public const string Usage = "用法：airplan chase [--as-of 2025-10-31]";

    /// <summary>Another instance holds the job; nothing was done.</summary>
    public const int Busy = 3;

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        DateOnly? asOf = null;
        var i = Array.IndexOf(args, "--as-of");
        if (i >= 0)
        {
            if (i + 1 >= args.Length || !DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                await stderr.WriteLineAsync(Usage);
                return ExitCodes.UsageOrFile;
            }
            asOf = date;
        }
        else if (args.Length > 0)
        {
            await stderr.WriteLineAsync(Usage);
            return ExitCodes.UsageOrFile;
        }

        using var host = await cli.StartAsync();
        var run = await host.Services.GetRequiredService<ChasingJob>().RunAsync(asOf, ChaseRun.CommandLine, "命令行");
        if (run is null)
        {
            await stderr.WriteLineAsync("每日催办正由另一实例执行，本次未执行");
            return Busy;
        }
        await stdout.WriteLineAsync($"每日催办（{ChineseDate.Format(run.AsOf)}）：临期提醒 {run.DueSoon}，逾期催办 {run.Overdue}，督办 {run.Escalated}，" +
                                    $"未按期报送 {run.ReportMissing}，待核验提醒 {run.ReviewWaiting}，督办单逾期未反馈 {run.NoticesOverdue}；消息 {run.Notifications} 条");
        return ExitCodes.Ok;
    }
}
