using System.Text.RegularExpressions;
using AirPlan.Core.Formatting;

namespace AirPlan.Core.Parsing;

/// <summary>
/// One numbered task as the diff of a revised plan (修订版) sees it, from the running plan or from the reviewed revision:
/// <paramref name="Key"/> is the caller's handle (a task id, a review task id), the rest is what the document says.
/// </summary>
public sealed record RevisionTask(int Key, string ChapterNumber, string Number, string Title, string Text,
    IReadOnlyList<string> Lead, IReadOnlyList<string> Supporting, TownshipScopeKind Scope, IReadOnlyList<string> Townships,
    IReadOnlyList<DateOnly> Deadlines, bool IsContinuous)
{
    /// <summary>The task's number path as PlanGraphBuilder stores it (三-5, 三-（一）).</summary>
    public string Path => $"{ChapterNumber}-{Number}";

    public string Label => $"{Number}「{Title}」";
}

public enum RevisionChangeKind
{
    /// <summary>新增任务</summary>
    Added,
    /// <summary>删除任务: the task's assignments are closed (已撤销).</summary>
    Removed,
    /// <summary>内容调整: its name or wording changed.</summary>
    Reworded,
    /// <summary>责任单位调整: 牵头 or 责任/配合 units changed.</summary>
    UnitsChanged,
    /// <summary>完成时限调整</summary>
    DeadlinesChanged,
    /// <summary>落实范围调整: the townships that carry it out.</summary>
    ScopeChanged,
}

/// <summary>One line of 差异确认: a task added, removed or changed in one respect, with old → new in the offices' words.</summary>
public sealed record RevisionChange(RevisionChangeKind Kind, RevisionTask? Old, RevisionTask? New, string Was, string Is)
{
    public string Title => PlanRevisionDiff.Title(Kind);
}

/// <summary>A running task and the revision's task that continues it (same work, maybe renumbered or reworded).</summary>
public sealed record RevisionMatch(RevisionTask Old, RevisionTask New, double Similarity)
{
    public bool Renumbered => Old.Path != New.Path;
}

/// <summary>
/// What a revised plan (修订版) changes against the running plan. The one place the matching rule lives: a revision's task is
/// the running task whose wording it shares — the same words under another number are the same task (tasks after a removed
/// one move up a number), and a task under its old number whose wording was adjusted is still that task. Otherwise it is new,
/// and a running task nothing continues is removed.
/// </summary>
/// <remarks>
/// Wording is compared without the unit block (牵头单位：… 责任单位：…), so a changed unit is 责任单位调整 rather than
/// 内容调整, and the similarity is the Dice coefficient of the texts' character pairs (robust to inserted or dropped phrases,
/// which is how offices revise). Pairs are taken best first, each task at most once.
/// </remarks>
public sealed partial class PlanRevisionDiff
{
    /// <summary>Wording at least this similar is the same task whatever its number.</summary>
    public const double SameTask = 0.6;

    /// <summary>Under the same number, wording at least this similar is the same task, reworded.</summary>
    public const double SameNumberedTask = 0.35;

    public IReadOnlyList<RevisionMatch> Matches { get; }
    public IReadOnlyList<RevisionTask> Added { get; }
    public IReadOnlyList<RevisionTask> Removed { get; }
    public IReadOnlyList<RevisionChange> Changes { get; }

    private PlanRevisionDiff(IReadOnlyList<RevisionMatch> matches, IReadOnlyList<RevisionTask> added, IReadOnlyList<RevisionTask> removed,
        IReadOnlyList<RevisionChange> changes)
    {
        (Matches, Added, Removed, Changes) = (matches, added, removed, changes);
    }

    public int Count(RevisionChangeKind kind) => Changes.Count(c => c.Kind == kind);

    public bool IsEmpty => Changes.Count == 0;

    public static string Title(RevisionChangeKind kind) => kind switch
    {
        RevisionChangeKind.Added => "新增任务",
        RevisionChangeKind.Removed => "删除任务",
        RevisionChangeKind.Reworded => "内容调整",
        RevisionChangeKind.UnitsChanged => "责任单位调整",
        RevisionChangeKind.DeadlinesChanged => "完成时限调整",
        _ => "落实范围调整",
    };

    public static PlanRevisionDiff Compare(IReadOnlyList<RevisionTask> running, IReadOnlyList<RevisionTask> revised)
    {
        // Most tasks of a revision are unchanged: identical wording pairs without counting character pairs, and only tasks
        // with no identical partner are compared pairwise (a 350-task plan: milliseconds instead of a second).
        var oldText = running.Select(t => Normal(Wording(t))).ToList();
        var newText = revised.Select(t => Normal(Wording(t))).ToList();
        var candidates = new List<(int Old, int New, double Similarity, double Score)>();
        var newByText = newText.Select((text, n) => (text, n)).ToLookup(p => p.text, p => p.n);
        var oldExact = new bool[running.Count];
        var newExact = new bool[revised.Count];
        for (var o = 0; o < running.Count; o++)
            foreach (var n in newByText[oldText[o]])
            {
                (oldExact[o], newExact[n]) = (true, true);
                candidates.Add((o, n, 1, 1 + (running[o].Path == revised[n].Path ? 0.01 : 0)));
            }
        var oldWords = running.Select((t, o) => oldExact[o] ? [] : Bigrams(oldText[o])).ToList();
        var newWords = revised.Select((t, n) => newExact[n] ? [] : Bigrams(newText[n])).ToList();
        for (var o = 0; o < running.Count; o++)
        {
            if (oldExact[o]) continue;
            for (var n = 0; n < revised.Count; n++)
            {
                if (newExact[n]) continue;
                var samePath = running[o].Path == revised[n].Path;
                // Dice can reach at most 2·shorter/(both): texts of very different length are not compared at all.
                var (a, b) = (oldText[o].Length, newText[n].Length);
                if (a + b > 0 && 2.0 * Math.Min(a, b) / (a + b) < (samePath ? SameNumberedTask : SameTask)) continue;
                var similarity = Dice(oldWords[o], newWords[n]);
                if (similarity >= SameTask || (samePath && similarity >= SameNumberedTask))
                    // The number breaks ties between equally similar tasks (two near-identical 各镇 tasks), never the wording.
                    candidates.Add((o, n, similarity, similarity + (samePath ? 0.01 : 0)));
            }
        }

        var oldTaken = new bool[running.Count];
        var newTaken = new bool[revised.Count];
        var matches = new List<RevisionMatch>();
        foreach (var c in candidates.OrderByDescending(c => c.Score).ThenBy(c => Math.Abs(c.Old - c.New)))
        {
            if (oldTaken[c.Old] || newTaken[c.New]) continue;
            (oldTaken[c.Old], newTaken[c.New]) = (true, true);
            matches.Add(new RevisionMatch(running[c.Old], revised[c.New], c.Similarity));
        }
        // Keys are unique on each side (task ids; the revision's order).
        var newAt = revised.Select((t, i) => (t.Key, i)).ToDictionary(p => p.Key, p => p.i);
        var oldAt = running.Select((t, i) => (t.Key, i)).ToDictionary(p => p.Key, p => p.i);
        matches = matches.OrderBy(m => newAt[m.New.Key]).ToList();
        var added = revised.Where((_, i) => !newTaken[i]).ToList();
        var removed = running.Where((_, i) => !oldTaken[i]).ToList();

        var changes = new List<RevisionChange>();
        changes.AddRange(added.Select(t => new RevisionChange(RevisionChangeKind.Added, null, t, "", Describe(t))));
        changes.AddRange(removed.Select(t => new RevisionChange(RevisionChangeKind.Removed, t, null, Describe(t), "")));
        foreach (var (old, @new, _) in matches)
        {
            if (Normal(old.Title) != Normal(@new.Title) || Normal(Wording(old)) != Normal(Wording(@new)))
                changes.Add(new(RevisionChangeKind.Reworded, old, @new, Shown(old), Shown(@new)));
            if (!SameSet(old.Lead, @new.Lead) || !SameSet(old.Supporting, @new.Supporting))
                changes.Add(new(RevisionChangeKind.UnitsChanged, old, @new, Units(old), Units(@new)));
            if (!old.Deadlines.Order().SequenceEqual(@new.Deadlines.Order()) || (old.Deadlines.Count == 0 && old.IsContinuous != @new.IsContinuous))
                changes.Add(new(RevisionChangeKind.DeadlinesChanged, old, @new, Deadlines(old), Deadlines(@new)));
            if (old.Scope != @new.Scope || (old.Scope == TownshipScopeKind.Named && !SameSet(old.Townships, @new.Townships)))
                changes.Add(new(RevisionChangeKind.ScopeChanged, old, @new, Scope(old), Scope(@new)));
        }
        return new PlanRevisionDiff(matches, added, removed,
            changes.OrderBy(c => c.Kind).ThenBy(c => c.New is null ? oldAt[c.Old!.Key] : newAt[c.New.Key]).ToList());
    }

    /// <summary>How alike two wordings are, 0 to 1 (Dice coefficient of character pairs, punctuation and spacing ignored).</summary>
    public static double Similarity(string a, string b) => Dice(Bigrams(a), Bigrams(b));

    public static string Units(RevisionTask task) =>
        $"牵头：{Or(string.Join("、", task.Lead))}；责任/配合：{Or(string.Join("、", task.Supporting.Except(task.Lead)))}";

    public static string Deadlines(RevisionTask task) => task.Deadlines.Count > 0
        ? string.Join("、", task.Deadlines.Order().Select(ChineseDate.Format))
        : task.IsContinuous ? "持续推进" : "无完成时限";

    public static string Scope(RevisionTask task) => task.Scope switch
    {
        TownshipScopeKind.All => "全部乡镇（街道）",
        TownshipScopeKind.Named => $"指定：{string.Join("、", task.Townships)}",
        _ => "无",
    };

    private static string Describe(RevisionTask task) => $"{task.Label}（{Units(task)}；完成时限：{Deadlines(task)}）";

    private static string Or(string text) => text.Length == 0 ? "无" : text;

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) => a.ToHashSet().SetEquals(b);

    /// <summary>The task's wording without its unit block, which 责任单位调整 compares on its own.</summary>
    public static string Wording(RevisionTask task)
    {
        // Without its number as well: tasks after a removed one are renumbered, not reworded.
        // And without its dates, which 完成时限调整 compares as dates: a moved deadline alone is not a rewording.
        var text = LeadingNumber().Replace(UnitBlock().Replace(task.Text.Length > 0 ? task.Text : task.Title, ""), "");
        text = DatePhrase().Replace(text, "");
        return Regex.Replace(text, @"\s+", "").Trim();
    }

    /// <summary>The wording as 内容调整 shows it: the text as written, without the unit block.</summary>
    private static string Shown(RevisionTask task) =>
        Regex.Replace(UnitBlock().Replace(task.Text.Length > 0 ? task.Text : task.Title, ""), @"\s+", "").Trim();

    private static string Normal(string text) => new(text.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c)).ToArray());

    private static Dictionary<(char, char), int> Bigrams(string text)
    {
        var chars = Normal(text);
        var pairs = new Dictionary<(char, char), int>();
        for (var i = 0; i + 1 < chars.Length; i++)
            pairs[(chars[i], chars[i + 1])] = pairs.GetValueOrDefault((chars[i], chars[i + 1])) + 1;
        if (chars.Length == 1) pairs[(chars[0], '\0')] = 1;
        return pairs;
    }

    private static double Dice(Dictionary<(char, char), int> a, Dictionary<(char, char), int> b)
    {
        var total = a.Values.Sum() + b.Values.Sum();
        if (total == 0) return 1;
        var shared = a.Sum(p => Math.Min(p.Value, b.GetValueOrDefault(p.Key)));
        return 2.0 * shared / total;
    }

    /// <summary>
    /// 牵头单位：… / （责任单位：…） and the other labels the parser reads (docs/plan-format.md): a bracketed block to its
    /// closing bracket, an unbracketed one to the end of the task, where such blocks stand.
    /// </summary>
    [GeneratedRegex(@"[（(]\s*(牵头|责任|配合|主办|协办|参与|主责)(单位|部门)[:：][^）)]*[）)]|(牵头|责任|配合|主办|协办|参与|主责)(单位|部门)[:：][\s\S]*$")]
    private static partial Regex UnitBlock();

    [GeneratedRegex(@"^\s*(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+\s*[、．.])")]
    private static partial Regex LeadingNumber();

    /// <summary>2025年、2025年6月底前、2024年10月31日前 …: the words a deadline is written in (DeadlineParser reads them).</summary>
    [GeneratedRegex(@"\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?\s*(年底|底|末|上半年|下半年)?\s*(前|以前|之前)?")]
    private static partial Regex DatePhrase();
}
