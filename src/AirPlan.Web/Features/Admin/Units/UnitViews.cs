using AirPlan.Core.Domain;

namespace AirPlan.Web.Features.Admin.Units;

public sealed record UnitRow(int Id, string Name, UnitKind Kind, IReadOnlyList<string> Aliases, int AssignmentCount, uint Version);

public sealed record ZoneRow(int Id, string Code, string Name, RegionLevel Level);
