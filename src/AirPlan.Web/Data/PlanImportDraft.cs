namespace AirPlan.Web.Data;

/// <summary>
/// A 导入实施方案 review as its reviewer left it, one per user: the uploaded text and the parsed plan with the reviewer's
/// corrections (JSON), so a reload, a dropped circuit or another machine reopens it. Not a record of work: it is not audited
/// and is deleted in the transaction that imports the plan, or by 放弃.
/// </summary>
public class PlanImportDraft
{
    public int Id { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset SavedAt { get; private set; }
    public string FileName { get; private set; } = "";
    public string SourceText { get; private set; } = "";
    /// <summary>The review model (<c>Features/Plans/Import/Review/PlanReview</c>) as JSON: what was parsed and what is edited.</summary>
    public string Review { get; private set; } = "";
    /// <summary>xmin: two tabs saving the same draft see a conflict instead of overwriting each other.</summary>
    public uint Version { get; private set; }

    private PlanImportDraft() { }

    public PlanImportDraft(string userId, string fileName, string sourceText, string review, DateTimeOffset now)
    {
        UserId = userId;
        FileName = fileName.Length > FileNameMaxLength ? fileName[..FileNameMaxLength] : fileName;
        SourceText = sourceText;
        Review = review;
        CreatedAt = SavedAt = now;
    }

    public const int FileNameMaxLength = 255;

    public void Save(string review, DateTimeOffset now)
    {
        Review = review;
        SavedAt = now;
    }
}
