using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>The numbering and label patterns that start a structural element of a plan.</summary>
internal static partial class Numbering
{
    public const string ChineseDigits = "一二三四五六七八九十百零";

    /// <summary>一、指导思想 — a chapter heading is a short line; a long line starting with 一、 is body text.</summary>
    public static Match Chapter(string text)
    {
        var m = ChapterRegex().Match(text);
        return m.Success && text.Length <= 40 && !text.TrimEnd('。').Contains('。') ? m : Match.Empty;
    }

    /// <summary>（一）… / (十一)… — a section heading or a task depending on the document.</summary>
    public static Match Paren(string text) => ParenRegex().Match(text);

    /// <summary>1．… / 2. … / 3、… / 1 .… — not 3.5 (a decimal at line start after wrapping).</summary>
    public static Match Arabic(string text) => ArabicRegex().Match(text);

    /// <summary>（1）… — the level below 1. in plans that go that deep.</summary>
    public static Match ParenArabic(string text) => ParenArabicRegex().Match(text);

    /// <summary>①… — the deepest level some plans use.</summary>
    public static Match Circled(string text) => CircledRegex().Match(text);

    /// <summary>
    /// 一、 as a work item rather than a heading: a long line or one with a sentence or a unit block of its own
    /// (plans whose work items are the top level, with no chapter above them).
    /// </summary>
    public static Match TopItem(string text)
    {
        var m = ChapterRegex().Match(text);
        return m.Success && !Chapter(text).Success ? m : Match.Empty;
    }

    /// <summary>
    /// 牵头单位：… / 责任部门：… / 配合单位 … lines (Mengjin layout and its relatives). The colon may be missing, as long as
    /// what follows is not a sentence about the units (责任单位要…).
    /// </summary>
    public static bool IsUnitLabel(string text) => UnitLabelRegex().IsMatch(text);

    public static bool IsStructuralStart(string text) =>
        ChapterRegex().IsMatch(text) || Paren(text).Success || Arabic(text).Success || ParenArabic(text).Success
        || Circled(text).Success || IsUnitLabel(text);

    /// <summary>① → 1 … ⑳ → 20.</summary>
    public static int CircledToInt(char c) => c is >= '①' and <= '⑳' ? c - '①' + 1 : 0;

    /// <summary>Chinese numeral (一 … 九十九) to int; 0 when it is not one.</summary>
    public static int ChineseToInt(string s)
    {
        if (s.Length == 0) return 0;
        var total = 0; var current = 0;
        foreach (var c in s)
        {
            var d = "零一二三四五六七八九".IndexOf(c);
            if (d >= 0) { current = d; continue; }
            if (c == '十') { total += (current == 0 ? 1 : current) * 10; current = 0; continue; }
            if (c == '百') { total += (current == 0 ? 1 : current) * 100; current = 0; continue; }
            return 0;
        }
        return total + current;
    }

    [GeneratedRegex(@"^([一二三四五六七八九十]{1,3})、(.*)$")] private static partial Regex ChapterRegex();
    [GeneratedRegex(@"^（ *([一二三四五六七八九十百]{1,4}) *）(.*)$")] private static partial Regex ParenRegex();
    [GeneratedRegex(@"^(\d{1,2}) *[.、](?!\d)(.*)$")] private static partial Regex ArabicRegex();
    [GeneratedRegex(@"^（ *(\d{1,2}) *）(.*)$")] private static partial Regex ParenArabicRegex();
    [GeneratedRegex(@"^([①-⑳]) *(.*)$")] private static partial Regex CircledRegex();
    /// <summary>The labels of a unit line; the one list <see cref="ResponsibilityParser"/> reads roles from.</summary>
    public const string UnitLabelPattern = @"(?:牵头|主办|主责|负责|责任|配合|参与|协办)(?:单位|部门)";
    [GeneratedRegex(@"^" + UnitLabelPattern + @"(?:：|(?=[^：，。；、要应须需由和及的对在是为等（]))")] private static partial Regex UnitLabelRegex();
}
