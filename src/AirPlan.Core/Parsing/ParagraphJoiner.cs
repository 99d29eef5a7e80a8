namespace AirPlan.Core.Parsing;

/// <summary>A logical paragraph rebuilt from wrapped lines; Line is where it starts in the source.</summary>
internal sealed record Paragraph(int Line, string Text);

/// <summary>
/// Rebuilds paragraphs from lines wrapped at page width (Mengjin, Luohe) or cut by page-break junk (Yichuan).
/// A paragraph ends only where a reader sees an end: a full stop, a closing responsibility block, a heading,
/// or the next numbered item / unit label.
/// </summary>
internal static class ParagraphJoiner
{
    // Last characters of unit names; a unit line ending on anything else was cut mid-name (市生 / 态环境局).
    private const string UnitEndings = "局委会办处心司社段站关行院所队部厅署室组府镇乡道";

    public static List<Paragraph> Join(IReadOnlyList<SourceLine> lines)
    {
        var result = new List<Paragraph>();
        Paragraph? current = null;
        foreach (var line in lines)
        {
            if (current is not null && ShouldJoin(current.Text, line.Text))
            {
                current = current with { Text = Concat(current.Text, line.Text) };
                continue;
            }
            if (current is not null) result.Add(current);
            current = new Paragraph(line.Number, line.Text);
        }
        if (current is not null) result.Add(current);
        return result;
    }

    private static string Concat(string a, string b) =>
        a.Length > 0 && b.Length > 0 && char.IsAsciiLetter(a[^1]) && char.IsAsciiLetter(b[0]) ? a + " " + b : a + b;

    private static bool ShouldJoin(string paragraph, string next)
    {
        if (Numbering.IsUnitLabel(paragraph))
        {
            if (Numbering.IsStructuralStart(next)) return false;
            return UnitListIncomplete(paragraph) || next[0] is '（' or '）' or '、' or '，' || ContinuesUnitList(next);
        }
        if (Numbering.IsStructuralStart(next)) return false;
        if (Numbering.Chapter(paragraph).Success) return false;
        if (IsHeadingOnly(paragraph) || IsUnnumberedHeading(paragraph)) return false;
        return !EndsParagraph(paragraph);
    }

    /// <summary>
    /// 强化扬尘污染治理 — a short line of Chinese words (quotes and 、 allowed) without sentence punctuation is the heading
    /// of an unnumbered work item; a line wrapped at page width is longer or carries punctuation.
    /// </summary>
    private static bool IsUnnumberedHeading(string text) =>
        text.Length is >= 4 and <= 24 && text.All(c => c is >= '\u4e00' and <= '\u9fff' or '“' or '”' or '‘' or '’' or '《' or '》' or '、');

    /// <summary>（一）优化产业结构 — a numbered heading with no sentence of its own never swallows the next line.</summary>
    private static bool IsHeadingOnly(string text) =>
        Numbering.Paren(text).Success && !text.Contains('。') && text.Length <= 40 && !text.EndsWith('，') && !text.EndsWith('、');

    public static bool EndsParagraph(string text)
    {
        var t = text.TrimEnd();
        if (t.Length == 0) return true;
        var last = t[^1];
        if (last is '。' or '！' or '？') return true;
        if (last == '）') return ResponsibilityBlock.FindTrailing(t) is not null;
        return false;
    }

    /// <summary>
    /// A line that carries on a unit list even though the previous line ended on a complete-looking name
    /// (市公安局 / 孟津分局、…): every piece before the last separator is a unit-sized name ending like a unit.
    /// Body text fails this at once (全面淘汰采用…, 强化城市道路扬尘综合整治，…).
    /// </summary>
    private static bool ContinuesUnitList(string next)
    {
        var pieces = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < next.Length; i++)
        {
            var c = next[i];
            if (c is '（' or '〔') depth++;
            else if (c is '）' or '〕') depth--;
            else if (depth == 0 && c is '、' or '，')
            {
                pieces.Add(next[start..i]);
                start = i + 1;
            }
        }
        // The cut-off tail of a collective phrase (…开发区） / 政府（办事处、管委会）) is one short unit-like piece.
        if (pieces.Count == 0) return next.Length <= 20 && !next.Contains('。') && (UnitEndings.Contains(next[^1]) || next[^1] == '）');
        return pieces.All(p => p.Length is >= 2 and <= 20 && (UnitEndings.Contains(p[^1]) || p[^1] == '）'));
    }

    /// <summary>True while a unit list is visibly unfinished: open parenthesis, trailing separator, or a name cut short.</summary>
    public static bool UnitListIncomplete(string text)
    {
        var depth = 0;
        var lastSep = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '（' or '〔') depth++;
            else if (c is '）' or '〕') depth--;
            else if (depth == 0 && c is '、' or '，' or '；' or '：') lastSep = i;
        }
        if (depth > 0) return true;
        var tail = text[(lastSep + 1)..];
        if (tail.Length < 2) return true;
        return !UnitEndings.Contains(tail[^1]) && tail[^1] != '）';
    }
}
