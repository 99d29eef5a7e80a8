namespace AirPlan.Web.Tests.Support;

/// <summary>The real clock, except that a test can hold it at one moment for a while (nested holds keep the first moment).</summary>
public sealed class HeldClock : TimeProvider
{
    private DateTimeOffset? _held;
    private int _holders;

    public override DateTimeOffset GetUtcNow() => _held ?? System.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Holds the clock at the current moment until the result is disposed.</summary>
    public IDisposable Hold()
    {
        lock (this)
        {
            if (_holders++ == 0) _held = System.GetUtcNow();
        }
        return new Release(this);
    }

    private sealed class Release(HeldClock clock) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            lock (clock)
            {
                if (--clock._holders == 0) clock._held = null;
            }
        }
    }
}
