namespace AirPlan.Core.Domain;

/// <summary>佐证材料: a file a unit attached to an assignment; the bytes live in the file store under their SHA-256.</summary>
public class Evidence
{
    public int Id { get; private set; }
    public int AssignmentId { get; private set; }
    public Assignment? Assignment { get; private set; }
    public int? ReportId { get; private set; }
    /// <summary>The uploader's file name after sanitising; shown and used for downloads.</summary>
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string UploadedById { get; private set; } = "";
    public string UploadedByName { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
    public DateTimeOffset? RemovedAt { get; private set; }
    public string? RemovedByName { get; private set; }

    private Evidence() { }

    public Evidence(int assignmentId, int? reportId, string fileName, string contentType, long size, string sha256,
        string uploadedById, string uploadedByName, DateTimeOffset uploadedAt)
    {
        AssignmentId = assignmentId;
        ReportId = reportId;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        UploadedById = uploadedById;
        UploadedByName = uploadedByName;
        UploadedAt = uploadedAt;
    }

    /// <summary>Removal hides the file from the task but keeps the row, so history still shows what was there.</summary>
    public void Remove(string removedByName, DateTimeOffset now)
    {
        if (RemovedAt is not null) throw new DomainException("该佐证材料已删除");
        RemovedAt = now;
        RemovedByName = removedByName;
    }

    public void AttachToReport(int reportId) => ReportId ??= reportId;
}
