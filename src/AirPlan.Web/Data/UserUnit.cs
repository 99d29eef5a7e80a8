using AirPlan.Core.Domain;

namespace AirPlan.Web.Data;

/// <summary>A liaison's binding to a unit whose assignments they report on.</summary>
public class UserUnit
{
    public string UserId { get; set; } = "";
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
}
