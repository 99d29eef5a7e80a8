using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Documents;

namespace AirPlan.Web.Features.Plans.Import.Review;

/// <summary>
/// An uploaded plan file → the read document (Core/Parsing/Documents: Word, PDF with a text layer, UTF-8 or GB18030 text,
/// .doc/.wps through LibreOffice), so the review never depends on a file format and reads exactly what `airplan import` reads.
/// </summary>
public static class PlanSource
{
    public static readonly string[] Extensions = [".docx", ".pdf", ".txt", ".doc", ".wps"];

    /// <summary>What the file picker offers.</summary>
    public static string Accept => string.Join(',', Extensions);

    /// <summary>The formats in the office's words, for the upload hint.</summary>
    public static string Accepted => PlanDocumentReader.Accepted;

    /// <exception cref="DomainException">The file is too large, of a kind not read, scanned, or not text; the message says which.</exception>
    public static async Task<PlanDocument> ReadAsync(Stream content, string fileName, long size, CancellationToken ct = default)
    {
        if (PlanLimits.CheckFileSize(size) is { } tooLarge) throw new DomainException(tooLarge);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new DomainException($"暂不能读取「{extension}」文件，请上传 {PlanDocumentReader.Accepted} 格式的实施方案");

        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        // Reading a PDF or converting a .doc takes seconds: off the circuit's thread.
        var document = await Task.Run(() => PlanDocumentReader.Read(buffer, fileName), ct);
        if (document.Refusal is not null) throw new DomainException(document.Refusal);
        return document;
    }
}
