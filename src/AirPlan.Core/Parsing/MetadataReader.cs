using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

internal sealed record PlanMetadata(string Title, string? DocNumber, string? Issuer, DateOnly? IssuedOn, int? PlanYear, string? Region);

/// <summary>
/// Reads the notice header (发文机关、文号、成文日期) and the plan title. Everything is looked for in the lines before the
/// first chapter heading, where a 红头文件 puts it; the 印发 date at the very end is the fallback for the issue date.
/// </summary>
internal static partial class MetadataReader
{
    public static PlanMetadata Read(IReadOnlyList<SourceLine> lines)
    {
        // A plan without chapters starts with its first 一、 work item.
        var firstChapter = lines.ToList().FindIndex(l => Numbering.Chapter(l.Text).Success || Numbering.TopItem(l.Text).Success);
        var header = (firstChapter < 0 ? lines.Take(30) : lines.Take(firstChapter)).Select(l => l.Text).ToList();

        var titleIndex = header.FindLastIndex(IsTitleLine);
        var title = titleIndex >= 0 ? header[titleIndex] : "";
        // A title wrapped onto a second line that starts with 暨 (孟州市2023年蓝天保卫战 / 暨空气质量排名提升实施方案).
        if (titleIndex > 0 && title.StartsWith('暨') && header[titleIndex - 1].Length <= 30 && !header[titleIndex - 1].Contains('，'))
        {
            title = header[titleIndex - 1] + title;
            titleIndex--;
        }
        if (title.Length == 0) title = QuotedTitle(header) ?? "";

        var beforeTitle = titleIndex >= 0 ? header.Take(titleIndex).ToList() : header;
        var docNumber = beforeTitle.Select(l => DocNumber().Match(l)).FirstOrDefault(m => m.Success)?.Value;
        var issuer = beforeTitle.Select(IssuerOf).FirstOrDefault(i => i is not null);
        var issuedOn = beforeTitle.Select(l => IssueDate().Match(l)).Where(m => m.Success).Select(ToDate).FirstOrDefault(d => d is not null)
                       ?? lines.Reverse().Take(8).Select(l => PrintedDate().Match(l.Text)).Where(m => m.Success).Select(ToDate).FirstOrDefault(d => d is not null);

        var titleYear = TitleYear().Match(title);
        int? planYear = titleYear.Success ? int.Parse(titleYear.Groups[1].Value) : issuedOn?.Year;
        return new PlanMetadata(title, docNumber, issuer, issuedOn, planYear, RegionOf(title));
    }

    private static bool IsTitleLine(string line) =>
        line.Length is >= 6 and <= 50 && line.EndsWith("方案") && !line.Contains("关于") && !line.Contains('《') && !line.Contains('。');

    private static string? QuotedTitle(IEnumerable<string> header)
    {
        var m = header.Select(l => QuotedPlan().Match(l)).FirstOrDefault(x => x.Success);
        return m?.Groups[1].Value;
    }

    private static string? IssuerOf(string line)
    {
        var m = Issuer().Match(line);
        if (!m.Success) return null;
        return m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
    }

    private static DateOnly? ToDate(Match m)
    {
        var y = int.Parse(m.Groups["y"].Value);
        var mo = int.Parse(m.Groups["m"].Value);
        var d = int.Parse(m.Groups["d"].Value);
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }

    /// <summary>The region is the last administrative name before the subject words: 洛阳市孟津区空气质量… → 孟津区.</summary>
    public static string? RegionOf(string title)
    {
        var m = RegionPrefix().Match(title);
        if (!m.Success) return null;
        var prefix = m.Groups[1].Value;
        var parts = AdminUnit().Matches(prefix).Select(x => x.Value).ToList();
        if (parts.Count == 0) return null;
        // 济源产城融合示范区 has no inner 市; 洛阳市孟津区 ends with the county-level name.
        return parts[^1];
    }

    [GeneratedRegex(@"[\u4e00-\u9fa5]{1,8}〔\d{4}〕\d+号")] private static partial Regex DocNumber();
    [GeneratedRegex(@"^([\u4e00-\u9fa5]{2,30}?(?:人民政府办公室|人民政府|管理委员会办公室|管理委员会|管委会|办公室|委员会))(?:文件)?$|^([\u4e00-\u9fa5]{2,30}?(?:人民政府|管理委员会))关于")] private static partial Regex IssuerRegex();
    private static Regex Issuer() => IssuerRegex();
    [GeneratedRegex(@"^(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})日")] private static partial Regex IssueDate();
    [GeneratedRegex(@"(?<y>\d{4})年(?<m>\d{1,2})月(?<d>\d{1,2})日印发$")] private static partial Regex PrintedDate();
    [GeneratedRegex(@"(\d{4})年")] private static partial Regex TitleYear();
    [GeneratedRegex(@"《([^》]{4,50}方案)》")] private static partial Regex QuotedPlan();
    [GeneratedRegex(@"^(.+?)(?:\d{4}年|空气质量|蓝天|大气|环境空气|持续改善)")] private static partial Regex RegionPrefix();
    [GeneratedRegex(@"[\u4e00-\u9fa5]+?(?:示范区|省|市|县|区|旗)")] private static partial Regex AdminUnit();
}
