using System.Text;
using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>One cleaned, non-junk line with its 1-based line number in the source.</summary>
internal sealed record SourceLine(int Number, string Text);

/// <summary>
/// Repairs what PDF/Word/Markdown extraction does to plan text and drops lines that are not document content.
/// Everything downstream works on the output, so every normalisation that makes two spellings equal belongs here.
/// </summary>
internal static partial class TextCleaner
{
    // Founder-typeset PDFs (Luohe) extract punctuation into these code points; the mapping is stable across such files.
    private static readonly (string From, string To)[] Glyphs =
    [
        ("ꎬ", "，"), ("ꎮ", "。"), ("ꎻ", "；"), ("ꎯ", "？"), ("ꎶ", "："), ("\U001001B0", "."),
        ("«", "《"), ("»", "》"), ("‹", "〈"), ("›", "〉"),
        ("\u3000", " "), ("\u00A0", " "), ("\t", " "), ("\uFEFF", ""),
    ];

    /// <summary>Cleans every line and removes junk; numbering of the surviving lines stays that of the source.</summary>
    public static List<SourceLine> Clean(string text)
    {
        var raw = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var cleaned = raw.Select(CleanLine).ToArray();

        // Running headers and watermarks repeat on every page; real content lines almost never repeat verbatim.
        // Unit lines (Mengjin's 牵头单位：… on every task) do repeat, so anything that names a unit role or carries
        // parentheses is exempt (單位 in a traditional-character plan too).
        var repeated = cleaned
            .Where(l => l.Length >= 10 && !ScriptForm.Simplify(l).Contains("单位") && !l.Contains('（') && !l.Contains('）'))
            .GroupBy(l => l)
            .Where(g => g.Count() >= 3)
            .Select(g => g.Key)
            .ToHashSet();

        var result = new List<SourceLine>();
        for (var i = 0; i < cleaned.Length; i++)
        {
            var line = cleaned[i];
            if (line.Length == 0 || IsJunk(line) || repeated.Contains(line)) continue;
            result.Add(new SourceLine(i + 1, line));
        }
        return result;
    }

    /// <summary>Page numbers (—８—, - 1 -), rule lines (---) and similar layout debris.</summary>
    public static bool IsJunk(string line) =>
        PageNumber().IsMatch(line) || RuleLine().IsMatch(line);

    public static string CleanLine(string line)
    {
        foreach (var (from, to) in Glyphs) line = line.Replace(from, to);
        line = ToHalfWidth(line);
        line = MarkdownHeading().Replace(line, "");
        line = HtmlSubSup().Replace(line, "");
        // LaTeX fragments such as $PM_{2.5}$ come from OCR/Markdown conversion; the reader sees PM2.5.
        line = LatexScript().Replace(line, "$1").Replace("$", "");
        line = line.Replace('(', '（').Replace(')', '）');
        line = NormalisePunctuation(line);
        line = RemoveCjkSpaces(line);
        line = SplitDecimal().Replace(line, "$1.$2");
        return MultiSpace().Replace(line, " ").Trim();
    }

    /// <summary>Full-width digits, Latin letters and a few symbols become ASCII so numbers and dates read uniformly.</summary>
    private static string ToHalfWidth(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is >= '０' and <= '９' or >= 'Ａ' and <= 'Ｚ' or >= 'ａ' and <= 'ｚ' or '％' or '．' or '＋' or '／' or '－' or '＝' or '＜' or '＞')
                sb.Append((char)(c - 0xFEE0));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Half-width , ; : next to Chinese text are the full-width ones typed on the wrong keyboard.</summary>
    private static string NormalisePunctuation(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c is not (',' or ';' or ':')) continue;
            var prev = i > 0 ? chars[i - 1] : ' ';
            var next = i + 1 < chars.Length ? chars[i + 1] : ' ';
            if (char.IsDigit(prev) && char.IsDigit(next)) continue;
            chars[i] = c switch { ',' => '，', ';' => '；', _ => '：' };
        }
        return new string(chars);
    }

    /// <summary>PDF extraction spaces out Chinese characters (安全 生产, ２０２４ 年); a Chinese reader sees no space there.</summary>
    private static string RemoveCjkSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == ' ')
            {
                var j = i;
                while (j < s.Length && s[j] == ' ') j++;
                var prev = sb.Length > 0 ? sb[^1] : ' ';
                var next = j < s.Length ? s[j] : ' ';
                if (sb.Length > 0 && j < s.Length && (IsWide(prev) || IsWide(next))) { i = j - 1; continue; }
                sb.Append(' ');
                i = j - 1;
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>Chinese characters and full-width punctuation (anything outside ASCII and Latin-1).</summary>
    public static bool IsWide(char c) => c > 0x2000;

    [GeneratedRegex(@"^\s*#+\s*")] private static partial Regex MarkdownHeading();
    [GeneratedRegex(@"</?su[bp]>")] private static partial Regex HtmlSubSup();
    [GeneratedRegex(@"[_^]\{([^}]*)\}")] private static partial Regex LatexScript();
    // A digit, dot, digit split by spaces (ＰＭ２ 􀆰 ５) is one decimal; a "1. " item number at line start is not.
    [GeneratedRegex(@"(?<!^\d?)(\d) *\. *(\d)")] private static partial Regex SplitDecimal();
    [GeneratedRegex(@" {2,}")] private static partial Regex MultiSpace();
    [GeneratedRegex(@"^(?:[-—–－─]+ *\d+ *[-—–－─]+|第 *\d+ *页.*)$")] private static partial Regex PageNumber();
    [GeneratedRegex(@"^[-—_=*~·]{3,}$")] private static partial Regex RuleLine();
}
