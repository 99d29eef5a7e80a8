namespace AirPlan.Web.Data;

/// <summary>
/// Marks that <see cref="AssignmentFact"/> rows of one plan exist for a date, with the parameters they were computed with, so the
/// triggers that refresh changed assignments use the same ones. Written only by the tasks feature's <c>FactSnapshots</c> (SQL).
/// </summary>
public sealed class FactSnapshot
{
    public int PlanId { get; private set; }
    public DateOnly AsOf { get; private set; }
    public bool FromHistory { get; private set; }
    /// <summary>First instant after the as-of day in the offices' time zone.</summary>
    public DateTimeOffset AsOfEnd { get; private set; }
    public string QuarterKey { get; private set; } = "";
    public DateTimeOffset QuarterEnd { get; private set; }
    public string MonthKey { get; private set; } = "";
    public DateTimeOffset MonthEnd { get; private set; }
    public DateTimeOffset BuiltAt { get; private set; }
}
