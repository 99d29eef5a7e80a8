namespace AirPlan.Core.Domain;

/// <summary>工作目标: a quantitative target the plan states (PM2.5 浓度不高于 36 微克/立方米).</summary>
public class PlanTarget
{
    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public string Indicator { get; private set; } = "";
    public decimal Value { get; private set; }
    public string Unit { get; private set; } = "";
    public string Text { get; private set; } = "";

    private PlanTarget() { }

    public PlanTarget(string indicator, decimal value, string unit, string text)
    {
        Indicator = indicator;
        Value = value;
        Unit = unit;
        Text = text;
    }
}
