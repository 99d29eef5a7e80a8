using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>What a coordinator has to look at in the review (核对) for the plan to be right; one entry per correction.</summary>
public enum ReviewFindingKind
{
    /// <summary>A parser warning at a task's line or the document's (an unreadable unit, a numbering gap, no title …).</summary>
    Warning,
    /// <summary>A task without a 牵头单位.</summary>
    NoLead,
    /// <summary>A collective phrase, a township or subordinate government, or words that are not a unit, read as a unit.</summary>
    NotAUnit,
    /// <summary>A unit name that is another spelling of a unit of the region, or of another name in this plan.</summary>
    UnitVariant,
    /// <summary>Deadline words in the task's text that were not read as a deadline (or a window's end).</summary>
    Deadline,
    /// <summary>A named township that is not one of the region's (or does not read as a place).</summary>
    Scope,
    /// <summary>A title that is no title: empty, cut at a fixed length, the section heading, or the unit block.</summary>
    Title,
}

public sealed record ReviewFinding(int Line, string Task, ReviewFindingKind Kind, string Message)
{
    public override string ToString() => Task.Length > 0 ? $"第{Line}行 任务 {Task}：{Message}" : $"第{Line}行：{Message}";
}

/// <summary>What the review knows about the plan's region: its units' names and aliases, and the divisions below it.</summary>
/// <param name="KnownUnits">Names and aliases of the region's units; empty for a region that has none yet.</param>
/// <param name="Subdivisions">The region's townships (a county) or counties and districts (a city); empty when unknown.</param>
public sealed record ReviewContext(IReadOnlyCollection<string> KnownUnits, IReadOnlyCollection<string> Subdivisions)
{
    public static readonly ReviewContext Empty = new([], []);
}

/// <summary>
/// Counts the corrections a plan's review needs — the one place this is judged, for the review page's 「需要核对 N 处」 and
/// for the tests that hold each seed at zero (docs/decisions/029-review-corrections.md). Each rule reads what a careful
/// reviewer would check against the text: a warning, a task without its lead, a non-unit or a second spelling among the
/// units, deadline words that were not read, a township that is not the region's, a title that is not a title.
/// </summary>
public static partial class ReviewFindings
{
    /// <param name="plan">The plan as it would be imported (the parse, or the review's tasks turned back into a plan).</param>
    /// <param name="reviewed">
    /// Tasks (by first line) a reviewer has already edited: their warnings and the rules that read the text (deadline words,
    /// title) count as answered, since the reviewer has looked at exactly that task. Null: nothing reviewed yet.
    /// </param>
    public static IReadOnlyList<ReviewFinding> Of(ParsedPlan plan, ReviewContext? context = null, Func<int, bool>? reviewed = null)
    {
        context ??= ReviewContext.Empty;
        reviewed ??= _ => false;
        var findings = new List<ReviewFinding>();
        var tasks = plan.Tasks;
        var known = context.KnownUnits.ToHashSet();
        var areas = new SubordinateAreas(plan.Region, context.Subdivisions);

        // A warning belongs to the task whose lines hold it; 未找到责任单位 is the NoLead rule's, not counted twice.
        var starts = tasks.Select(t => t.Line).Order().ToList();
        foreach (var w in plan.Warnings)
        {
            if (NoUnitsWarning().IsMatch(w.Message)) continue;
            var owner = tasks.LastOrDefault(t => t.Line <= w.Line);
            if (owner is not null && reviewed(owner.Line)) continue;
            findings.Add(new ReviewFinding(w.Line, owner is null ? "" : Label(owner), ReviewFindingKind.Warning, w.Message));
        }

        // A second spelling of a unit is one correction, at its first use, whichever of the two it is.
        var seen = new List<string>();
        var counted = new HashSet<string>();
        var variants = new HashSet<string>();
        foreach (var task in tasks)
        {
            var label = Label(task);
            void Add(ReviewFindingKind kind, string message) => findings.Add(new ReviewFinding(task.Line, label, kind, message));

            if (task.Lead.Count == 0) Add(ReviewFindingKind.NoLead, "没有牵头单位");
            foreach (var name in task.Lead.Concat(task.Supporting).Distinct())
            {
                if (NotAUnit(name, areas) is { } why) Add(ReviewFindingKind.NotAUnit, $"“{name}”{why}");
                else if (!known.Contains(name) && counted.Add(name))
                {
                    // Against names that are units in their own right: a bare 住建局 already counted as 区住建局's second
                    // spelling does not make 市住建局 a third.
                    var variant = known.FirstOrDefault(k => UnitSimilarity.IsVariant(name, k))
                                  ?? seen.FirstOrDefault(k => !known.Contains(k) && !variants.Contains(k) && UnitSimilarity.IsVariant(name, k));
                    if (variant is not null)
                    {
                        variants.Add(name);
                        Add(ReviewFindingKind.UnitVariant, $"“{name}”与“{variant}”疑为同一单位");
                    }
                }
                if (!seen.Contains(name)) seen.Add(name);
            }
            foreach (var town in task.Townships.Names.Concat(task.Subitems.SelectMany(s => s.Townships.Names)).Distinct())
            {
                // A zone the division list lacks (高新技术产业开发区) is added on import (ZoneRegistrar): not a correction.
                var isArea = context.Subdivisions.Count > 0
                    ? context.Subdivisions.Any(d => d == town || d.StartsWith(town) || town.StartsWith(d)) || Zone().IsMatch(town)
                    : PlaceName().IsMatch(town);
                if (!isArea) Add(ReviewFindingKind.Scope, $"落实乡镇“{town}”不是本地区的乡镇（街道）");
            }
            if (reviewed(task.Line)) continue;

            foreach (var words in UnreadDeadlines(task, plan.PlanYear)) Add(ReviewFindingKind.Deadline, $"时限“{words}”未读为完成时限");
            if (TitleProblem(task) is { } problem) Add(ReviewFindingKind.Title, problem);
        }
        return findings;
    }

    private static string Label(ParsedTask t) => $"{t.Number}「{t.Title}」";

    /// <summary>Why a name in a unit list is not a unit, or null when it reads as one.</summary>
    private static string? NotAUnit(string name, SubordinateAreas areas)
    {
        if (TownshipPhrases.IsCollective(name)) return "是对下级政府的统称，应为落实范围";
        if (TownshipPhrases.NamedTownship(name) is not null && TownBody().IsMatch(name)) return "是乡镇（街道），应为落实乡镇";
        if (areas.AreaOf(name) is not null) return "是下级政府，应为落实范围";
        if (!ResponsibilityParser.LooksLikeUnit(name)) return "不像单位名称";
        return null;
    }

    /// <summary>
    /// Deadline words (…底前, …日前, 年底前, 采暖季前, 到YYYY年) in the task's text that no deadline or window end came from:
    /// neither the words nor the date they mean are among the task's (a task table may give one date for two wordings).
    /// </summary>
    private static IEnumerable<string> UnreadDeadlines(ParsedTask task, int? planYear)
    {
        var all = task.Deadlines.Concat(task.PeriodEnds).ToList();
        var texts = task.Subitems.Select(s => s.Text).Prepend(task.Text);
        foreach (Match m in texts.SelectMany(t => DeadlineWords().Matches(t)))
        {
            var words = m.Value;
            if (all.Any(d => d.Text.Contains(words) || words.Contains(d.Text))) continue;
            if (DeadlineParser.Read(words, planYear).Deadlines.Any(d => all.Any(a => a.Date == d.Date))) continue;
            yield return words;
        }
    }

    private static string? TitleProblem(ParsedTask task)
    {
        var title = task.Title.Trim();
        if (title.Length == 0) return "没有任务名称";
        if (title.EndsWith('…')) return "任务名称是截取的前若干字，不是标题句";
        if (title.Length < 4) return "任务名称过短";
        if (ResponsibilityBlock.FindTrailing(title) is not null || Numbering.IsUnitLabel(title)) return "任务名称是责任单位";
        var section = SectionNumber().Replace(task.Section, "");
        if (section.Length > 0 && section == title && task.Subitems.Count > 0) return "任务名称是章节标题，任务应为其下各项";
        return null;
    }

    [GeneratedRegex("未找到责任单位")] private static partial Regex NoUnitsWarning();
    [GeneratedRegex(@"(镇|乡|街道)(人民政府|政府|办事处|办)?$")] private static partial Regex TownBody();
    [GeneratedRegex(@"^[\u4e00-\u9fa5]{1,10}(镇|乡|街道|开发区|示范区|产业集聚区|园区|区|县|市|办事处)$")] private static partial Regex PlaceName();
    [GeneratedRegex(@"(开发区|示范区|产业集聚区|管委会|园区)$")] private static partial Regex Zone();
    [GeneratedRegex(@"^(?:（[一二三四五六七八九十百]+）|[一二三四五六七八九十]+、|\d+[.．、])")] private static partial Regex SectionNumber();
    // The same families DeadlineParser reads (a deadline, not a start 起 or a baseline 比…年).
    [GeneratedRegex(@"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末)(?:之)?前|\d{4}年(?:年)?(?:底|末)(?:之)?前|(?<![\d年每])年(?:底|末)(?:之)?前|\d{4}年(?:冬季)?采暖季(?:之)?前|到\d{4}年(?!\d{1,2}月|底|末|年|采暖|冬季)")]
    private static partial Regex DeadlineWords();
}
