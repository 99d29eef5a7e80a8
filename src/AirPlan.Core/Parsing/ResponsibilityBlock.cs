using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>
/// Locates the responsibility block a paragraph ends with: （…牵头，…配合）, a 牵头单位：… line, or the same with its
/// bracket half missing or without any bracket (…。牵头单位：A；配合单位：B / …。A牵头，B配合), as PDF converters and
/// hand-typed web pages leave them.
/// </summary>
internal static partial class ResponsibilityBlock
{
    public sealed record Found(string Body, string Block);

    // The structure reader asks about the same paragraph several times in a row (is it a block? where does its block
    // start?); remembering the last answer keeps that from multiplying the work.
    [ThreadStatic] private static string? _lastText;
    [ThreadStatic] private static Found? _lastFound;

    /// <summary>The block a paragraph ends with when it names who is responsible; null otherwise.</summary>
    public static Found? FindTrailing(string text)
    {
        if (ReferenceEquals(text, _lastText)) return _lastFound;
        var found = Find(text);
        _lastText = text;
        _lastFound = found;
        return found;
    }

    private static Found? Find(string text)
    {
        var t = text.TrimEnd().TrimEnd('。', '；', ' ');
        if (t.Length < 3) return null;
        if (t[^1] == '）')
        {
            var depth = 0;
            for (var i = t.Length - 1; i >= 0; i--)
            {
                if (t[i] is '）' or '〕') depth++;
                else if (t[i] is '（' or '〔')
                {
                    depth--;
                    if (depth != 0) continue;
                    var inner = t[(i + 1)..^1];
                    // （列第一位者为牵头单位） says how to read the blocks; it is not one.
                    if (!RoleWord().IsMatch(inner) || ResponsibilityParser.StatesFirstListedLeads(inner)) return null;
                    return new Found(t[..i].TrimEnd(), inner);
                }
            }
            // More closing than opening brackets: 牵头单位：A，配合单位：B） — the opening one was lost.
            return Unbracketed(t[..^1]);
        }
        var open = UnclosedOpening(t);
        if (open >= 0)
        {
            // （牵头单位：A，配合单位：B — the closing bracket was lost.
            var inner = t[(open + 1)..];
            return ReadsAsBlock(inner) ? new Found(t[..open].TrimEnd(), inner) : null;
        }
        return Unbracketed(t);
    }

    /// <summary>
    /// The last sentence of a paragraph as a block without brackets: a label sentence (牵头单位：A；配合单位：B) or a
    /// sentence that is nothing but units and role words (A牵头，B、C配合).
    /// </summary>
    private static Found? Unbracketed(string t)
    {
        var stop = t.LastIndexOf('。');
        var tail = t[(stop + 1)..];
        if (tail.Length < 3) return null;
        var labelled = Numbering.IsUnitLabel(tail);
        if (!labelled && !ReadsAsBlock(tail)) return null;
        if (labelled && !RoleWord().IsMatch(tail)) return null;
        return new Found(t[..(stop + 1)], tail);
    }

    /// <summary>Units and role words only: a role word is there, every piece reads as a unit or a township phrase.</summary>
    private static bool ReadsAsBlock(string text)
    {
        // Cheap checks first, since every paragraph's last sentence is asked: a block is short and has a role word that
        // closes a list (…牵头， / …配合 at the end) or a label, which body text (负责组织…) rarely has.
        if (text.Length > MaxBlockLength || !RoleAtRunEnd().IsMatch(text) || text.Contains('。')) return false;
        if (ResponsibilityParser.StatesFirstListedLeads(text)) return false;
        var r = ResponsibilityParser.Parse(text);
        return r.Unreadable.Count == 0 && !r.IsEmpty;
    }

    private static int UnclosedOpening(string t)
    {
        if (t.AsSpan().IndexOfAny('（', '〔') < 0) return -1;
        var depth = 0;
        for (var i = t.Length - 1; i >= 0; i--)
        {
            if (t[i] is '）' or '〕') depth++;
            else if (t[i] is '（' or '〔')
            {
                if (depth == 0) return i;
                depth--;
            }
        }
        return -1;
    }

    /// <summary>A paragraph that is nothing but a block, e.g. Jiyuan's (示范区生态环境局牵头) on its own line.</summary>
    public static bool IsBlockOnly(string text) =>
        Numbering.IsUnitLabel(text) || FindTrailing(text) is { Body.Length: 0 };

    /// <summary>The block text of a block-only paragraph: the label line itself or the parenthesis' content.</summary>
    public static string BlockOf(string text) =>
        Numbering.IsUnitLabel(text) ? text : FindTrailing(text)?.Block ?? text;

    /// <summary>Longer than any unit block of the seeds (the longest is about 120 characters) with room to spare.</summary>
    private const int MaxBlockLength = 300;

    [GeneratedRegex("牵头|配合|负责|参与|主责|主办|协办|单位：|部门：")] private static partial Regex RoleWord();
    [GeneratedRegex("(?:牵头|配合|负责|参与|主责|协助|落实)(?=$|[，、；）])|单位：|部门：")] private static partial Regex RoleAtRunEnd();
}
