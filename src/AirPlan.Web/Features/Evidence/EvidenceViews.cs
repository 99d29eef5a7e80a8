using System.Globalization;

namespace AirPlan.Web.Features.Evidence;

/// <summary>One evidence file as lists show it.</summary>
public sealed record EvidenceView(int Id, int AssignmentId, int? ReportId, string FileName, string ContentType, long Size,
    string UploadedById, string UploadedByName, DateTimeOffset UploadedAt)
{
    /// <summary>The download address (GET /evidence/{id}).</summary>
    public string Url => EvidenceEndpoints.UrlFor(Id);

    public string SizeText => EvidenceFormat.Size(Size);
}

/// <summary>An assignment's current evidence and what the asking user may do with it.</summary>
public sealed record EvidenceListing(int AssignmentId, IReadOnlyList<EvidenceView> Items, bool CanUpload, bool CanRemove);

/// <summary>Outcome of an upload or removal: the evidence, or the reason (Chinese) it was refused. <see cref="Note"/> explains a success that changed nothing.</summary>
public sealed record EvidenceResult(bool Succeeded, EvidenceView? Evidence, string? Error, string? Note = null)
{
    public static EvidenceResult Ok(EvidenceView evidence, string? note = null) => new(true, evidence, null, note);
    public static EvidenceResult Fail(string error) => new(false, null, error);
}

/// <summary>A stored file opened for download; dispose it (or hand <see cref="Content"/> to something that does).</summary>
public sealed record EvidenceDownload(Stream Content, string FileName, string ContentType, long Size, string Sha256) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

public static class EvidenceFormat
{
    /// <summary>850 KB, 63.2 MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{Math.Max(1, Math.Round(bytes / 1024d)).ToString("0", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };
}
