using AirPlan.Core.Domain;

namespace AirPlan.Web.Data;

/// <summary>The regions a coordinator or leader works on (one county, a city, or the whole province).</summary>
public class UserRegion
{
    public string UserId { get; set; } = "";
    public int RegionId { get; set; }
    public Region? Region { get; set; }
}
