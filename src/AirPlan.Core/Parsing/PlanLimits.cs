namespace AirPlan.Core.Parsing;

/// <summary>
/// How large a plan document the parser reads. A real 实施方案 is 30–200 KB (10,000–70,000 characters, under 3,000
/// lines); these limits are some thirty times that, so only a wrong or hostile file meets them, and parsing one at the
/// limit takes seconds, not minutes (docs/performance.md, "Bounded inputs"). Declared once: the parser, the CLI and the
/// web importer all refuse with <see cref="Check"/>'s words.
/// </summary>
public static class PlanLimits
{
    public const int MaxCharacters = 2_000_000;
    public const int MaxLines = 50_000;

    /// <summary>
    /// UTF-8 needs at most 3 bytes per UTF-16 character, so a file larger than this has more than
    /// <see cref="MaxCharacters"/> characters whatever it holds, and is refused before it is read into memory.
    /// </summary>
    public const long MaxFileBytes = 3L * MaxCharacters;

    /// <summary>Why the text is too large to parse, or null. Linear and allocation-free: it runs before anything else.</summary>
    public static string? Check(string text)
    {
        if (text.Length > MaxCharacters)
            return $"方案文本共 {text.Length} 字，超过上限 {MaxCharacters} 字（一份实施方案通常在 10 万字以内），未解析。请确认文件无误，或拆分后再导入。";
        // \n ends a line, and so does a lone \r (old Mac text); a \r\n pair counts once either way.
        var span = text.AsSpan();
        var lines = Math.Max(span.Count('\n'), span.Count('\r')) + 1;
        if (lines > MaxLines)
            return $"方案文本共 {lines} 行，超过上限 {MaxLines} 行（一份实施方案通常在 3000 行以内），未解析。请确认文件无误，或拆分后再导入。";
        return null;
    }

    /// <summary>Why a file of this size is refused unread, or null.</summary>
    public static string? CheckFileSize(long bytes) => bytes > MaxFileBytes
        ? $"文件大小 {bytes / (1024.0 * 1024):F1} MB，超过方案文本上限 {MaxCharacters} 字（约 {MaxFileBytes / (1024 * 1024)} MB），未读取。请确认文件无误，或拆分后再导入。"
        : null;
}
