namespace AirPlan.Web.Features.Plans.Import;

public enum PlanImportOutcome
{
    Imported,
    /// <summary>The same document (same SHA-256) is already in the database: nothing changed.</summary>
    AlreadyImported,
    Failed,
}

/// <summary>A problem found while importing; Line is the source line when known.</summary>
public sealed record ImportProblem(int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"第{line}行：{Message}" : Message;
}

public sealed record PlanImportResult(
    PlanImportOutcome Outcome,
    string? PlanKey,
    int TaskCount,
    int AssignmentCount,
    int MilestoneCount,
    IReadOnlyList<ImportProblem> Errors,
    IReadOnlyList<ImportProblem> Warnings)
{
    public bool Succeeded => Outcome != PlanImportOutcome.Failed;

    public static PlanImportResult Fail(IReadOnlyList<ImportProblem> errors, IReadOnlyList<ImportProblem>? warnings = null) =>
        new(PlanImportOutcome.Failed, null, 0, 0, 0, errors, warnings ?? []);
}

/// <summary>
/// Where an imported plan came from, for its history row: the action, the words for the source (台账, 方案文件), the file,
/// the reviewer's corrections, and work that must commit or roll back with the plan (removing the review draft).
/// </summary>
public sealed record ImportProvenance(string Action, string SourceWords, string? FileName, IReadOnlyList<string> Corrections,
    Func<Data.AppDbContext, CancellationToken, Task>? InSameTransaction = null)
{
    public static readonly ImportProvenance Ledger = new(PlanImporter.LedgerImportAction, "台账", null, []);
}
