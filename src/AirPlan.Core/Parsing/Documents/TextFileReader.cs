using System.Text;

namespace AirPlan.Core.Parsing.Documents;

/// <summary>
/// A .txt plan: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK/GB2312 as Windows Notepad and older
/// government systems save it. The encoding is decided by strict decoding, not by guessing from frequencies: a GB18030
/// file of Chinese text is practically never valid UTF-8, and every byte sequence that is not UTF-8 is tried as GB18030.
/// </summary>
internal static class TextFileReader
{
    static TextFileReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static PlanDocument Read(byte[] bytes)
    {
        var (text, encoding) = Decode(bytes);
        if (text is null || LooksBinary(text))
            return PlanDocument.Refused(PlanDocumentFormat.Text,
                "内容不是可读的文本（含大量控制字符或无法识别的编码），请确认文件为 UTF-8 或 GB18030/GBK 编码的文本，或上传 Word/PDF 版");
        return PlanDocument.FromText(text, encoding);
    }

    private static (string? Text, string Encoding) Decode(byte[] b)
    {
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return (Try(StrictUtf8, b, 3), "UTF-8");
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return (Try(new UnicodeEncoding(false, false, true), b, 2), "UTF-16");
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return (Try(new UnicodeEncoding(true, false, true), b, 2), "UTF-16");
        // NUL bytes never occur in UTF-8 or GB18030 text; they mean a binary file (or BOM-less UTF-16, which nobody sends).
        if (b.AsSpan().IndexOf((byte)0) >= 0) return (null, "");
        if (Try(StrictUtf8, b, 0) is { } utf8) return (utf8, "UTF-8");
        var gb = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return (Try(gb, b, 0), "GB18030");
    }

    private static string? Try(Encoding encoding, byte[] bytes, int offset)
    {
        try { return encoding.GetString(bytes, offset, bytes.Length - offset); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>
    /// GB18030 maps almost any byte pair to some character, so random bytes "decode"; what gives them away is control
    /// characters and the private-use and rare-CJK-extension ranges that real Chinese prose does not use.
    /// </summary>
    private static bool LooksBinary(string text)
    {
        var sample = text.Length > 20000 ? text[..20000] : text;
        var bad = 0;
        foreach (var c in sample)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'))) bad++;
            else if (c is >= '\uE000' and <= '\uF8FF' || char.IsSurrogate(c) || c is >= '\u3400' and <= '\u4DBF') bad++;
        }
        return bad > 0 && bad * 20 > sample.Length;
    }
}
