using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Tasks.Facts;

/// <summary>
/// After start-up, builds the facts the dashboard asks for first — today and the month-ends its trend shows, for every plan —
/// so the first leader to open it does not wait for them (about 0.75 s a date for a province of 150 plans). Runs once, in
/// the background, one date at a time; AirPlan:Facts:WarmOnStart=false turns it off.
/// </summary>
public sealed class FactsWarmer(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, IConfiguration configuration,
    ILogger<FactsWarmer> logger) : BackgroundService
{
    /// <summary>How many month-ends back: the dashboard's trend shows up to 36 points.</summary>
    public const int MonthEnds = 36;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("AirPlan:Facts:WarmOnStart", true)) return;
        try
        {
            await WarmAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Only a head start: anything not built here is built by the first request that needs it.
            logger.LogWarning(e, "Warming the roll-up facts failed");
        }
    }

    /// <summary>Today first (the view most people open), then month-ends from the latest back.</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        var today = AsOfDate.For(null, clock);
        var dates = new List<DateOnly?> { null };
        var monthEnd = new DateOnly(today.Date.Year, today.Date.Month, 1).AddDays(-1);
        for (var i = 0; i < MonthEnds; i++, monthEnd = new DateOnly(monthEnd.Year, monthEnd.Month, 1).AddDays(-1))
            dates.Add(monthEnd);
        var started = clock.GetTimestamp();
        foreach (var date in dates)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await FactSnapshots.EnsureAsync(db, db.Plans, AsOfDate.For(date, clock), ct);
        }
        logger.LogInformation("Roll-up facts ready for today and {Count} month-ends in {Elapsed}", MonthEnds, clock.GetElapsedTime(started));
    }
}
