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

    /// <summary>1．… / 2. … / 3、… — not 3.5 (a decimal at line start after wrapping).</summary>
    public static Match Arabic(string text) => ArabicRegex().Match(text);

    /// <summary>牵头单位：… / 责任单位：… lines (Mengjin layout).</summary>
    public static bool IsUnitLabel(string text) => UnitLabelRegex().IsMatch(text);

    public static bool IsStructuralStart(string text) =>
        Chapter(text).Success || Paren(text).Success || Arabic(text).Success || IsUnitLabel(text);

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
    [GeneratedRegex(@"^(牵头|责任|配合|参与|协办|主办)单位：")] private static partial Regex UnitLabelRegex();
}
