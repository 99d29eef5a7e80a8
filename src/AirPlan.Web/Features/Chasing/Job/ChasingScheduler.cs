using System.ComponentModel.DataAnnotations;
using AirPlan.Core.Formatting;
using AirPlan.Web.Common;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Chasing.Job;

/// <summary>AirPlan:Chasing (checked at start).</summary>
public sealed class ChasingOptions
{
    public const string Section = "AirPlan:Chasing";

    /// <summary>Off in tests and the command line, which run the job themselves.</summary>
    public bool Enabled { get; set; } = true;

    [Range(0, 23, ErrorMessage = "AirPlan:Chasing:Hour 必须在 0 到 23 之间（办公时间的小时）")]
    public int Hour { get; set; } = 8;
}

/// <summary>
/// Runs the daily chasing job once a day from <see cref="ChasingOptions.Hour"/> o'clock office time. It looks every few
/// minutes rather than sleeping until the hour, so an instance started late in the day, or a day the job failed, is caught up
/// at the next look; <see cref="ChasingJob.RunScheduledAsync"/> decides under the cluster lock whether today's run is done.
/// </summary>
internal sealed class ChasingScheduler(ChasingJob job, OfficeClock office, IOptions<ChasingOptions> options,
    ILogger<ChasingScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let start-up (migrations, seeding) finish first.
        await Task.Delay(TimeSpan.FromSeconds(15), office.Time, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (office.Now.Hour >= options.Value.Hour)
            {
                try
                {
                    if (await job.RunScheduledAsync(stoppingToken) is { } run)
                        logger.LogInformation("每日催办已执行（{AsOf}）：新增步骤 {Steps} 个，消息 {Notifications} 条", ChineseDate.Format(run.AsOf), run.Steps, run.Notifications);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The run stays unfinished on /admin/chasing; the next look tries again, and steps already taken stay taken.
                    logger.LogError(e, "每日催办失败，{Interval} 后再试", Interval);
                }
            }
            await Task.Delay(Interval, office.Time, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
