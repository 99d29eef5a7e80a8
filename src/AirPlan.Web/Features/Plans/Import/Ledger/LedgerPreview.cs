using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Ledger;

namespace AirPlan.Web.Features.Plans.Import.Ledger;

/// <summary>What importing a ledger would create, and the rows it would leave out; nothing has been written.</summary>
public sealed record LedgerPreview(
    string SheetName,
    int HeaderRow,
    IReadOnlyList<string> Headers,
    string SuggestedTitle,
    int? SuggestedRegionId,
    IReadOnlyList<LedgerTaskPreview> Tasks,
    IReadOnlyList<LedgerProblem> Problems,
    IReadOnlyList<string> NewUnits,
    int BlankRowsSkipped);

public sealed record LedgerTaskPreview(int Row, string Number, string Chapter, string Title, IReadOnlyList<string> Lead,
    IReadOnlyList<string> Supporting, TownshipScope Townships, IReadOnlyList<DateOnly> Deadlines, bool IsContinuous, int SubitemCount);

/// <summary>What the user chose in the preview form.</summary>
public sealed record LedgerImportForm(string Key, string Title, int RegionId);

public sealed record RegionOption(int Id, string Name);
