using AirPlan.Core.Rules;

namespace AirPlan.Web.Common;

/// <summary>
/// “Today” for every screen, report and job: the offices' local date from the app's one <see cref="TimeProvider"/>, so tests
/// move time for everything at once and no two places can disagree about which day it is.
/// </summary>
public sealed class OfficeClock(TimeProvider time)
{
    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetLocalNow();

    public DateOnly Today => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    /// <summary>The 截至日期 figures are taken for (null = today).</summary>
    public AsOfDate AsOf(DateOnly? date) => AsOfDate.For(date, time);
}
