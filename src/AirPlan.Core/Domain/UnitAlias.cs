namespace AirPlan.Core.Domain;

/// <summary>Another spelling of a unit's name found in documents (县工业化信息和商务局 → 县工业信息化和商务局).</summary>
public class UnitAlias
{
    public int Id { get; private set; }
    public int UnitId { get; private set; }
    public Unit? Unit { get; private set; }
    public string Alias { get; private set; } = "";

    private UnitAlias() { }

    internal UnitAlias(Unit unit, string alias)
    {
        Unit = unit;
        Alias = alias;
    }
}
