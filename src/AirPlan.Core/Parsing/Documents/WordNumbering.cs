using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Core.Parsing.Documents;

using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

/// <summary>
/// Word's automatic numbering rendered as the text a reader sees (一、 （一） 1． ①), from numbering.xml: the level's
/// lvlText with its %n placeholders, numFmt, start, lvlRestart and the instance's startOverride; numbering set on the
/// paragraph or inherited from its style (标题 1 …). Counters run per list instance (numId), in document order.
/// </summary>
internal sealed class WordNumbering
{
    private sealed record Level(string Text, NumberFormatValues Format, int Start, int? Restart, LevelSuffixValues Suffix, bool Legal);

    private readonly Dictionary<int, Dictionary<int, Level>> _levelsByNumId = new();
    private readonly Dictionary<string, (int NumId, int Level)> _styleNumbering = new();
    private readonly Dictionary<int, int?[]> _counters = new();

    public WordNumbering(MainDocumentPart main)
    {
        var numbering = main.NumberingDefinitionsPart?.Numbering;
        if (numbering is not null)
        {
            var abstracts = numbering.Elements<AbstractNum>()
                .Where(a => a.AbstractNumberId?.Value is not null)
                .GroupBy(a => a.AbstractNumberId!.Value)
                .ToDictionary(g => g.Key, g => LevelsOf(g.First()));
            foreach (var num in numbering.Elements<NumberingInstance>())
            {
                if (num.NumberID?.Value is not { } id || num.AbstractNumId?.Val?.Value is not { } abstractId) continue;
                var levels = abstracts.TryGetValue(abstractId, out var a) ? new Dictionary<int, Level>(a) : new Dictionary<int, Level>();
                foreach (var o in num.Elements<LevelOverride>())
                {
                    var index = o.LevelIndex?.Value ?? 0;
                    if (o.Level is { } replaced) levels[index] = LevelOf(replaced);
                    if (o.StartOverrideNumberingValue?.Val?.Value is { } start && levels.TryGetValue(index, out var l))
                        levels[index] = l with { Start = start };
                }
                _levelsByNumId[id] = levels;
            }
        }

        // Headings numbered through their style: follow basedOn until a style carries numPr.
        var styles = main.StyleDefinitionsPart?.Styles?.Elements<Style>().Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!).ToDictionary(g => g.Key, g => g.First()) ?? new Dictionary<string, Style>();
        foreach (var id in styles.Keys)
        {
            var style = styles[id];
            for (var depth = 0; style is not null && depth < 10; depth++)
            {
                if (style.StyleParagraphProperties?.NumberingProperties is { } numPr)
                {
                    if (numPr.NumberingId?.Val?.Value is { } numId)
                        _styleNumbering[id] = (numId, numPr.NumberingLevelReference?.Val?.Value ?? 0);
                    break;
                }
                style = style.BasedOn?.Val?.Value is { } parent && styles.TryGetValue(parent, out var p) ? p : null;
            }
        }
    }

    private static Dictionary<int, Level> LevelsOf(AbstractNum a) =>
        a.Elements<DocumentFormat.OpenXml.Wordprocessing.Level>()
            .GroupBy(l => l.LevelIndex?.Value ?? 0)
            .ToDictionary(g => g.Key, g => LevelOf(g.First()));

    private static Level LevelOf(DocumentFormat.OpenXml.Wordprocessing.Level l) => new(
        l.LevelText?.Val?.Value ?? "",
        l.NumberingFormat?.Val?.Value ?? NumberFormatValues.Decimal,
        l.StartNumberingValue?.Val?.Value ?? 1,
        l.LevelRestart?.Val?.Value,
        l.LevelSuffix?.Val?.Value ?? LevelSuffixValues.Tab,
        l.IsLegalNumberingStyle is not null && (l.IsLegalNumberingStyle.Val?.Value ?? true));

    /// <summary>The number this paragraph shows, advancing the list's counters; "" for a paragraph without numbering.</summary>
    public string Next(Paragraph paragraph)
    {
        var props = paragraph.ParagraphProperties;
        int? numId = props?.NumberingProperties?.NumberingId?.Val?.Value;
        int? level = props?.NumberingProperties?.NumberingLevelReference?.Val?.Value;
        if (props?.ParagraphStyleId?.Val?.Value is { } styleId && _styleNumbering.TryGetValue(styleId, out var fromStyle))
        {
            numId ??= fromStyle.NumId;
            level ??= fromStyle.Level;
        }
        // numId 0 is Word's way of switching numbering off for a paragraph whose style has it.
        if (numId is not { } id || id == 0 || !_levelsByNumId.TryGetValue(id, out var levels)) return "";
        var ilvl = Math.Clamp(level ?? 0, 0, 8);
        if (!levels.TryGetValue(ilvl, out var lvl)) return "";

        var counters = _counters.TryGetValue(id, out var c) ? c : _counters[id] = new int?[9];
        counters[ilvl] = counters[ilvl] is { } current ? current + 1 : lvl.Start;
        for (var deeper = ilvl + 1; deeper < 9; deeper++)
        {
            // lvlRestart n: restart only after level n (1-based) or above; 0: never; absent: after any higher level.
            var restart = levels.TryGetValue(deeper, out var d) ? d.Restart : null;
            if (restart is null || (restart != 0 && ilvl < restart)) counters[deeper] = null;
        }
        if (lvl.Format == NumberFormatValues.Bullet || lvl.Format == NumberFormatValues.None) return "";

        var sb = new StringBuilder();
        var text = lvl.Text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 1 < text.Length && text[i + 1] is >= '1' and <= '9')
            {
                var k = text[i + 1] - '1';
                var value = counters[k] ?? (levels.TryGetValue(k, out var kl) ? kl.Start : 1);
                var format = levels.TryGetValue(k, out var fl) ? fl.Format : NumberFormatValues.Decimal;
                sb.Append(Format(value, lvl.Legal ? NumberFormatValues.Decimal : format));
                i++;
            }
            else sb.Append(text[i]);
        }
        // The tab or space after the number is layout; one space keeps "1." apart from a following "2025年".
        if (lvl.Suffix != LevelSuffixValues.Nothing) sb.Append(' ');
        return sb.ToString();
    }

    public static string Format(int n, NumberFormatValues format)
    {
        // Word writes a zero inside a number as 〇 in chineseCounting (一百〇五) and as 零 in chineseCountingThousand (一百零五).
        if (format == NumberFormatValues.ChineseCounting || format == NumberFormatValues.JapaneseCounting
            || format == NumberFormatValues.TaiwaneseCounting || format == NumberFormatValues.IdeographDigital && n > 9)
            return Chinese(n, "〇一二三四五六七八九", "十百千");
        if (format == NumberFormatValues.ChineseCountingThousand || format == NumberFormatValues.TaiwaneseCountingThousand)
            return Chinese(n, "零一二三四五六七八九", "十百千");
        if (format == NumberFormatValues.ChineseLegalSimplified) return Chinese(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟");
        if (format == NumberFormatValues.IdeographDigital) return "〇一二三四五六七八九"[n % 10].ToString();
        if (format == NumberFormatValues.IdeographTraditional) return n is >= 1 and <= 10 ? "甲乙丙丁戊己庚辛壬癸"[n - 1].ToString() : n.ToString();
        if (format == NumberFormatValues.IdeographZodiac) return n is >= 1 and <= 12 ? "子丑寅卯辰巳午未申酉戌亥"[n - 1].ToString() : n.ToString();
        if (format == NumberFormatValues.DecimalEnclosedCircle || format == NumberFormatValues.DecimalEnclosedCircleChinese)
            return n is >= 1 and <= 20 ? ((char)('①' + n - 1)).ToString() : n.ToString();
        if (format == NumberFormatValues.DecimalEnclosedParen) return n is >= 1 and <= 20 ? ((char)('⑴' + n - 1)).ToString() : $"({n})";
        if (format == NumberFormatValues.DecimalEnclosedFullstop) return n is >= 1 and <= 20 ? ((char)('⒈' + n - 1)).ToString() : $"{n}.";
        if (format == NumberFormatValues.DecimalFullWidth || format == NumberFormatValues.DecimalFullWidth2)
            return string.Concat(n.ToString().Select(ch => (char)(ch - '0' + '０')));
        if (format == NumberFormatValues.DecimalZero) return n.ToString("00");
        if (format == NumberFormatValues.LowerLetter) return Letters(n).ToLowerInvariant();
        if (format == NumberFormatValues.UpperLetter) return Letters(n);
        if (format == NumberFormatValues.LowerRoman) return Roman(n).ToLowerInvariant();
        if (format == NumberFormatValues.UpperRoman) return Roman(n);
        return n.ToString();
    }

    /// <summary>1 一, 10 十, 11 十一, 20 二十, 105 一百零五 — as Word renders chineseCounting.</summary>
    private static string Chinese(int n, string digits, string units)
    {
        if (n <= 0) return digits[0].ToString();
        if (n < 10) return digits[n].ToString();
        if (n < 20) return units[0] + (n % 10 == 0 ? "" : digits[n % 10].ToString());
        var sb = new StringBuilder();
        var parts = new[] { n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10 };
        var names = new[] { units[2].ToString(), units[1].ToString(), units[0].ToString(), "" };
        var started = false;
        var zero = false;
        for (var i = 0; i < 4; i++)
        {
            if (parts[i] == 0) { if (started) zero = true; continue; }
            if (zero) { sb.Append(digits[0]); zero = false; }
            sb.Append(digits[parts[i]]).Append(names[i]);
            started = true;
        }
        return sb.ToString();
    }

    private static string Letters(int n)
    {
        // Word repeats the letter: 27 → AA.
        var letter = (char)('A' + (n - 1) % 26);
        return new string(letter, (n - 1) / 26 + 1);
    }

    private static string Roman(int n)
    {
        var sb = new StringBuilder();
        foreach (var (value, symbol) in new[] { (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") })
            while (n >= value) { sb.Append(symbol); n -= value; }
        return sb.ToString();
    }
}
