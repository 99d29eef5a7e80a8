namespace AirPlan.Web.Features.Tasks.Workflow;

/// <summary>A progress report as the form sends it; Version is the assignment's xmin when the form was opened.
/// Evidence uploaded since the last report is attached to it.</summary>
public sealed record ProgressReportInput(
    int AssignmentId,
    uint Version,
    string Period,
    string Progress,
    string? Problems,
    string? NextSteps,
    int? PercentComplete,
    IReadOnlyList<int> CompletedMilestoneIds);
