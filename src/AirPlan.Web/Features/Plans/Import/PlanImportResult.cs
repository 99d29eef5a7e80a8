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
