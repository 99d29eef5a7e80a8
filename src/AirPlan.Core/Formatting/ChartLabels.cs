namespace AirPlan.Core.Formatting;

/// <summary>
/// Axis labels a chart can print without running into each other: a long series names only every k-th point (and the
/// last), and long names are cut with …. The dashboard's charts ask here; the full values stay in the tables beneath them.
/// </summary>
public static class ChartLabels
{
    /// <summary>At most about <paramref name="max"/> labels: every k-th and the last kept, the rest blank (the point stays).</summary>
    public static string[] Thin(IReadOnlyList<string> labels, int max)
    {
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max));
        if (labels.Count <= max) return [.. labels];
        var step = (int)Math.Ceiling(labels.Count / (double)max);
        var last = labels.Count - 1;
        // The last point is today's; the regular one before it is dropped when the two would touch.
        return labels.Select((label, i) => i == last || (i % step == 0 && last - i >= step / 2.0) ? label : "").ToArray();
    }

    /// <summary>A name of at most <paramref name="max"/> characters, … marking a cut.</summary>
    public static string Short(string name, int max) => name.Length <= max ? name : name[..(max - 1)] + "…";
}
