using System.Text;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;

namespace AirPlan.Web.Features.Plans.Import.Review;

/// <summary>
/// An uploaded plan file → its text. For now only UTF-8 .txt: this is the seam where the document readers (Word, PDF,
/// GB18030 text; Core/Parsing/Documents) plug in, so the review never depends on a file format.
/// </summary>
public static class PlanSource
{
    public static readonly string[] Extensions = [".txt"];

    /// <summary>What the file picker offers.</summary>
    public static string Accept => string.Join(',', Extensions);

    /// <exception cref="DomainException">The file is too large, of a kind not read, or not text; the message says which.</exception>
    public static async Task<string> ReadTextAsync(Stream content, string fileName, long size, CancellationToken ct = default)
    {
        if (PlanLimits.CheckFileSize(size) is { } tooLarge) throw new DomainException(tooLarge);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new DomainException($"暂不能读取「{extension}」文件，请上传 {string.Join("、", Extensions)} 格式的方案文本");

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        try
        {
            // Strict decoding: a GBK file read as UTF-8 would otherwise become a plan of replacement characters.
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new DomainException("文件不是 UTF-8 编码的文本，无法读取。请用记事本“另存为”UTF-8 编码后再上传");
        }
    }
}
