namespace AirPlan.Core.Parsing.Documents;

/// <summary>
/// The one way a plan file becomes text: the CLI (<c>airplan parse|import</c>) and the web upload both call
/// <see cref="Read"/>, then <see cref="PlanDocumentParser.Parse"/>. Never throws on a bad file: the reason is in
/// <see cref="PlanDocument.Refusal"/>, in Chinese, for the person who chose the file.
/// </summary>
public static class PlanDocumentReader
{
    public const string Accepted = ".docx、.pdf（带文字层）、.txt（UTF-8 或 GB18030/GBK），以及 .doc/.wps（需本机安装 LibreOffice）";

    public static PlanDocument Read(Stream stream, string fileName, PlanDocumentLimits? limits = null)
    {
        limits ??= PlanDocumentLimits.Default;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        byte[] bytes;
        try
        {
            // A text file has its own, smaller bound: beyond it the text cannot be within PlanLimits, whatever it holds.
            if (stream.CanSeek && extension is ".txt" or ".text" && PlanLimits.CheckFileSize(stream.Length - stream.Position) is { } tooLong)
                return PlanDocument.Refused(PlanDocumentFormat.Text, tooLong);
            // Read at most one byte past the limit: a too-large upload is refused without holding all of it.
            if (stream.CanSeek && stream.Length - stream.Position > limits.MaxBytes)
                return PlanDocument.Refused(PlanDocumentFormat.Unknown, TooLarge(stream.Length - stream.Position, limits));
            bytes = ReadAtMost(stream, limits.MaxBytes + 1);
        }
        catch (IOException ex)
        {
            return PlanDocument.Refused(PlanDocumentFormat.Unknown, $"读取文件时出错：{ex.Message}");
        }
        if (bytes.LongLength > limits.MaxBytes)
            return PlanDocument.Refused(PlanDocumentFormat.Unknown, TooLarge(bytes.LongLength, limits));
        if (bytes.Length == 0)
            return PlanDocument.Refused(PlanDocumentFormat.Unknown, "文件为空（0 字节），没有可解析的内容");

        var sniffed = Sniff(bytes);
        var format = extension switch
        {
            ".txt" or ".text" => PlanDocumentFormat.Text,
            ".docx" => PlanDocumentFormat.Word,
            ".pdf" => PlanDocumentFormat.Pdf,
            ".doc" or ".wps" => PlanDocumentFormat.LegacyWord,
            // No or an unknown extension: go by what the bytes are; plain text is the fallback.
            _ => sniffed,
        };
        // A renamed file is read as what it is: a .doc saved as .docx is common, and the extension is the user's word only.
        if (sniffed != PlanDocumentFormat.Text && sniffed != format) format = sniffed;
        if (sniffed == PlanDocumentFormat.Text && extension is ".docx" or ".pdf" or ".doc" or ".wps")
            return PlanDocument.Refused(format, $"文件扩展名为 {extension}，但内容不是该格式的文件，请确认文件未损坏，或另存后重新上传");

        try
        {
            var read = format switch
            {
                PlanDocumentFormat.Word => WordReader.Read(bytes),
                PlanDocumentFormat.Pdf => PdfReader.Read(bytes, limits),
                PlanDocumentFormat.LegacyWord => LegacyWordConverter.Read(bytes, extension is ".wps" ? ".wps" : ".doc", limits),
                _ => TextFileReader.Read(bytes),
            };
            return read.Refusal is null && PlanLimits.Check(read.Text) is { } tooLong
                ? PlanDocument.Refused(read.Format, tooLong)
                : read;
        }
        catch (Exception ex)
        {
            // A file nobody has seen yet must not take the app down; say which kind of file could not be read.
            return PlanDocument.Refused(format, $"无法读取该{FormatName(format)}（{ex.GetType().Name}：{ex.Message}），请确认文件未损坏，或另存为 .docx 后重新上传");
        }
    }

    public static string FormatName(PlanDocumentFormat format) => format switch
    {
        PlanDocumentFormat.Word => "Word文件",
        PlanDocumentFormat.Pdf => "PDF文件",
        PlanDocumentFormat.LegacyWord => ".doc/.wps文件",
        _ => "文本文件",
    };

    private static string TooLarge(long bytes, PlanDocumentLimits limits) =>
        $"文件大小 {bytes / (1024.0 * 1024):F1} MB，超过上限 {limits.MaxBytes / (1024.0 * 1024):F0} MB（一份实施方案通常在 3 MB 以内），未读取。请确认文件无误，或删去图片、拆分后再导入。";

    /// <summary>What the first bytes say: a zip (.docx), %PDF, an OLE compound file (.doc/.wps), else text.</summary>
    private static PlanDocumentFormat Sniff(byte[] b)
    {
        if (b.Length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4) return PlanDocumentFormat.Word;
        if (b.Length >= 5 && b.AsSpan(0, Math.Min(b.Length, 1024)).IndexOf("%PDF-"u8) >= 0) return PlanDocumentFormat.Pdf;
        if (b.Length >= 8 && b.AsSpan(0, 8).SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
            return PlanDocumentFormat.LegacyWord;
        return PlanDocumentFormat.Text;
    }

    private static byte[] ReadAtMost(Stream stream, long max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while (buffer.Length < max && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, max - buffer.Length))) > 0)
            buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }
}
