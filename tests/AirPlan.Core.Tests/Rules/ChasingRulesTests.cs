using AirPlan.Core.Domain;
using AirPlan.Core.Rules;

namespace AirPlan.Core.Tests.Rules;

public class ChasingRulesTests
{
    private static readonly DateOnly Today = new(2025, 10, 20);
    private static readonly DateOnly PeriodEnd = new(2025, 9, 30);

    private static List<ChaseStep> Steps(AssignmentStatus status, DateOnly? missed = null, DateOnly? next = null, bool reportMissing = false,
        DateOnly? submitted = null, ChasingSettings? settings = null) =>
        ChasingRules.StepsDue(new ChaseFacts(status, missed, next, reportMissing, submitted), Today, settings ?? ChasingSettings.Default, PeriodEnd)
            .ToList();

    [Fact]
    public void ACheckpointWithinTheReminderWindowIsDueSoon() =>
        Assert.Equal([new ChaseStep(ChaseStepKind.DueSoon, Today.AddDays(7))], Steps(AssignmentStatus.InProgress, next: Today.AddDays(7)));

    [Fact]
    public void ACheckpointBeyondTheReminderWindowIsNotChasedYet() =>
        Assert.Empty(Steps(AssignmentStatus.InProgress, next: Today.AddDays(8)));

    [Fact]
    public void ThePlansOwnWindowDecidesWhatIsDueSoon() =>
        Assert.Single(Steps(AssignmentStatus.NotStarted, next: Today.AddDays(10), settings: ChasingSettings.Default with { DueSoonDays = 10 }));

    [Fact]
    public void AMissedCheckpointIsChasedOnItsFirstOverdueDayAndKeyedByThatCheckpoint() =>
        Assert.Equal([new ChaseStep(ChaseStepKind.Overdue, Today.AddDays(-1))], Steps(AssignmentStatus.InProgress, missed: Today.AddDays(-1)));

    [Fact]
    public void FifteenDaysOverdueEscalatesToTheCoordinators() =>
        Assert.Equal([new ChaseStep(ChaseStepKind.Overdue, Today.AddDays(-15)), new ChaseStep(ChaseStepKind.Escalated, Today.AddDays(-15))],
            Steps(AssignmentStatus.InProgress, missed: Today.AddDays(-15)));

    [Fact]
    public void FourteenDaysOverdueIsNotEscalatedYet() =>
        Assert.DoesNotContain(Steps(AssignmentStatus.InProgress, missed: Today.AddDays(-14)), s => s.Kind == ChaseStepKind.Escalated);

    [Fact]
    public void AMissingReportIsKeyedByTheEndOfItsPeriod() =>
        Assert.Equal([new ChaseStep(ChaseStepKind.ReportMissing, PeriodEnd)], Steps(AssignmentStatus.InProgress, reportMissing: true));

    [Fact]
    public void ASubmissionWaitingMoreThanTheThresholdRemindsTheCoordinatorsAndNotTheLiaisons()
    {
        Assert.Equal([new ChaseStep(ChaseStepKind.ReviewWaiting, Today.AddDays(-6))],
            Steps(AssignmentStatus.Submitted, missed: Today.AddDays(-30), submitted: Today.AddDays(-6)));
        Assert.Empty(Steps(AssignmentStatus.Submitted, submitted: Today.AddDays(-5)));
    }

    [Fact]
    public void CompletedWorkIsNeverChased() =>
        Assert.Empty(Steps(AssignmentStatus.Completed));

    [Theory]
    [InlineData(-1, 15, 5)]
    [InlineData(7, 0, 5)]
    [InlineData(7, 15, 400)]
    public void SettingsOutsideTheirRangeAreRefused(int dueSoon, int escalate, int review) =>
        Assert.NotNull(new ChasingSettings(dueSoon, escalate, review).Problem());
}
