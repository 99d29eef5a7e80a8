using AirPlan.Core.Formatting;
using AirPlan.Core.Parsing;

namespace AirPlan.Web.Features.Plans.Import.Review;

/// <summary>
/// A parsed plan as the reviewer (核对) sees and corrects it: flat, mutable and JSON-friendly, kept in plan_import_drafts.
/// <see cref="Parsed"/> is the parser's reading, untouched, so the corrections can be listed at confirmation.
/// </summary>
public sealed class PlanReview
{
    public string Key { get; set; } = "";
    public int? RegionId { get; set; }
    public string Title { get; set; } = "";
    public string? DocNumber { get; set; }
    public string? Issuer { get; set; }
    public DateOnly? IssuedOn { get; set; }
    public int? PlanYear { get; set; }
    /// <summary>The region as the file writes it (孟津区, 济源产城融合示范区).</summary>
    public string? RegionWritten { get; set; }
    /// <summary>The division <see cref="RegionWritten"/> resolves to, whether or not the reviewer may import for it.</summary>
    public int? FileRegionId { get; set; }
    public List<PlanTarget> Targets { get; set; } = [];
    public List<ParsedChapter> Chapters { get; set; } = [];
    public List<ParseWarning> Warnings { get; set; } = [];
    public List<ReviewTask> Tasks { get; set; } = [];
    public List<ReviewTask> Parsed { get; set; } = [];
    public int NextId { get; set; }
    /// <summary>A ledger's worksheet rows as read (row → cells), shown beside its tasks; null for a document (its text lines are).</summary>
    public Dictionary<int, string>? SourceRows { get; set; }

    public bool IsLedger => SourceRows is not null;

    /// <summary>导入修订版: the key of the running plan this document revises; confirmed through 差异确认, not as a new plan.</summary>
    public string? RevisionOf { get; set; }

    public bool IsRevision => RevisionOf is not null;

    public static PlanReview From(ParsedPlan plan, int sourceLineCount)
    {
        var tasks = plan.Tasks.ToList();
        var review = new PlanReview
        {
            Title = plan.Title, DocNumber = plan.DocNumber, Issuer = plan.Issuer, IssuedOn = plan.IssuedOn, PlanYear = plan.PlanYear,
            RegionWritten = plan.Region, Targets = [.. plan.Targets], Chapters = [.. plan.Chapters], Warnings = [.. plan.Warnings],
        };
        // A task's source runs to the line before whatever starts next (the next task or chapter heading), so the reviewer
        // sees exactly the lines it was read from.
        var starts = tasks.Select(t => t.Line).Concat(plan.Chapters.Select(c => c.Line)).Append(sourceLineCount + 1).Order().ToList();
        foreach (var task in tasks)
        {
            var next = starts.First(s => s > task.Line);
            review.Tasks.Add(ReviewTask.From(task, ++review.NextId, Math.Max(task.Line, next - 1)));
        }
        review.Parsed = review.Tasks.Select(t => t.Copy()).ToList();
        return review;
    }

    public ReviewTask Task(int id) => Tasks.FirstOrDefault(t => t.Id == id) ?? throw new ArgumentException($"没有编号为 {id} 的任务");

    /// <summary>Joins a task and the one after it: the first's number and title, both texts, lines, units and deadlines.</summary>
    public void MergeWithNext(int id)
    {
        var index = Tasks.FindIndex(t => t.Id == id);
        if (index < 0 || index == Tasks.Count - 1) return;
        var (first, second) = (Tasks[index], Tasks[index + 1]);
        first.Text = $"{first.Text}\n{second.Text}";
        first.FirstLine = Math.Min(first.FirstLine, second.FirstLine);
        first.LastLine = Math.Max(first.LastLine, second.LastLine);
        first.Lead = first.Lead.Union(second.Lead).ToList();
        first.Supporting = first.Supporting.Union(second.Supporting).Except(first.Lead).ToList();
        if (first.Scope == TownshipScopeKind.All || second.Scope == TownshipScopeKind.All) (first.Scope, first.Townships) = (TownshipScopeKind.All, []);
        else if (first.Scope == TownshipScopeKind.Named || second.Scope == TownshipScopeKind.Named)
            (first.Scope, first.Townships) = (TownshipScopeKind.Named, first.Townships.Union(second.Townships).ToList());
        first.Deadlines = first.Deadlines.Concat(second.Deadlines).OrderBy(d => d.Date).ToList();
        first.Recurrence ??= second.Recurrence;
        first.IsContinuous = first.Deadlines.Count == 0 && (first.IsContinuous || second.IsContinuous);
        first.Subitems = [.. first.Subitems, .. second.Subitems];
        first.PeriodEnds = [.. first.PeriodEnds, .. second.PeriodEnds];
        Tasks.RemoveAt(index + 1);
    }

    /// <summary>
    /// Makes two tasks of one: the second half of its paragraphs (or, with one paragraph, a copy) becomes a new task right
    /// after it, with the same units and deadlines for the reviewer to divide.
    /// </summary>
    public void Split(int id)
    {
        var index = Tasks.FindIndex(t => t.Id == id);
        if (index < 0) return;
        var original = Tasks[index];
        var copy = original.Copy();
        copy.Id = ++NextId;
        copy.Number = $"{original.Number}之二";
        copy.Subitems = [];
        var paragraphs = original.Text.Split('\n');
        if (paragraphs.Length >= 2)
        {
            var half = (paragraphs.Length + 1) / 2;
            original.Text = string.Join('\n', paragraphs[..half]);
            copy.Text = string.Join('\n', paragraphs[half..]);
            copy.Title = StructureTitle(copy.Text);
        }
        else copy.Title = $"{original.Title}（拆分）";
        Tasks.Insert(index + 1, copy);
    }

    private static string StructureTitle(string text)
    {
        var end = text.IndexOfAny(['。', '；', '，']);
        return (end > 0 ? text[..end] : text).Trim();
    }

    /// <summary>Every unit name the tasks now use, in order of first use.</summary>
    public IReadOnlyList<string> UnitNames() => Tasks.SelectMany(t => t.Lead.Concat(t.Supporting)).Distinct().ToList();

    /// <summary>The plan the importer builds: the reviewer's tasks in their order, every unit they name.</summary>
    /// <param name="regionName">The chosen region's name: the plan's written region when the reviewer chose another than the file's.</param>
    public ParsedPlan ToParsedPlan(int regionId, string regionName)
    {
        var parsedById = Parsed.ToDictionary(t => t.Id);
        var order = 0;
        return new ParsedPlan
        {
            Title = Title.Trim(), DocNumber = DocNumber, Issuer = Issuer, IssuedOn = IssuedOn, PlanYear = PlanYear,
            Region = regionId == FileRegionId ? RegionWritten ?? regionName : regionName, Targets = Targets, Chapters = Chapters, Warnings = Warnings,
            Tasks = Tasks.Select(t => t.ToParsedTask(++order, parsedById.GetValueOrDefault(t.Id))).ToList(),
            Units = UnitNames().Select(n => new ParsedUnit(n, [])).ToList(),
        };
    }

    /// <summary>What the reviewer changed against the parse, one sentence each, for the audit row.</summary>
    public IReadOnlyList<string> Corrections()
    {
        var changes = new List<string>();
        var now = Tasks.ToDictionary(t => t.Id);
        foreach (var before in Parsed)
        {
            if (!now.TryGetValue(before.Id, out var after))
            {
                changes.Add($"任务 {before.Label}（第{before.FirstLine}行）并入上一项");
                continue;
            }
            void Compare(string field, string was, string @is)
            {
                if (was != @is) changes.Add($"任务 {before.Label} {field}：{Or(was)} → {Or(@is)}");
            }
            Compare("编号", before.Number, after.Number);
            Compare("任务名称", before.Title, after.Title);
            Compare("牵头单位", Join(before.Lead), Join(after.Lead));
            Compare("责任/配合单位", Join(before.Supporting), Join(after.Supporting));
            Compare("落实乡镇", before.ScopeText, after.ScopeText);
            Compare("完成时限", before.DeadlinesText, after.DeadlinesText);
            Compare("频次", before.Recurrence ?? "", after.Recurrence ?? "");
            if (after.LastLine != before.LastLine) changes.Add($"任务 {before.Label} 与下一项合并（至第{after.LastLine}行）");
        }
        var known = Parsed.Select(t => t.Id).ToHashSet();
        foreach (var added in Tasks.Where(t => !known.Contains(t.Id)))
            changes.Add($"拆分出任务 {added.Label}（第{added.FirstLine}—{added.LastLine}行）");
        return changes;
    }

    /// <summary>
    /// What still needs correcting (需要核对 N 处): the tasks as they now stand, judged by Core's ReviewFindings; a task the
    /// reviewer has changed has had its warnings and wording looked at.
    /// </summary>
    public IReadOnlyList<ReviewFinding> Findings(ReviewContext context)
    {
        var parsedById = Parsed.ToDictionary(t => t.Id);
        var edited = Tasks.Where(t => !parsedById.TryGetValue(t.Id, out var before) || !before.SameAs(t)).Select(t => t.FirstLine).ToHashSet();
        var plan = ToParsedPlan(RegionId ?? FileRegionId ?? 0, RegionWritten ?? "");
        return ReviewFindings.Of(plan, context, edited.Contains);
    }

    private static string Join(IEnumerable<string> names) => string.Join("、", names);
    private static string Or(string text) => text.Length == 0 ? "（无）" : text;
}

/// <summary>One task in review. Units are canonical names; <see cref="Subitems"/> are carried through as parsed.</summary>
public sealed class ReviewTask
{
    public int Id { get; set; }
    public string Number { get; set; } = "";
    public string ChapterNumber { get; set; } = "";
    public string Section { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public int FirstLine { get; set; }
    public int LastLine { get; set; }
    public List<string> Lead { get; set; } = [];
    public List<string> Supporting { get; set; } = [];
    public TownshipScopeKind Scope { get; set; }
    public List<string> Townships { get; set; } = [];
    public List<ReviewDeadline> Deadlines { get; set; } = [];
    public string? Recurrence { get; set; }
    public bool IsContinuous { get; set; }
    public List<ParsedTask> Subitems { get; set; } = [];
    public List<ParsedDeadline> PeriodEnds { get; set; } = [];

    public string Label => $"{Number}「{Title}」";

    public string ScopeText => Scope switch
    {
        TownshipScopeKind.All => "全部乡镇（街道）",
        TownshipScopeKind.Named => $"指定：{string.Join("、", Townships)}",
        _ => "无",
    };

    public string DeadlinesText => Deadlines.Count > 0
        ? string.Join("；", Deadlines.Select(d => d.Date is { } date ? $"{ChineseDate.Format(date)}（{d.Text}）" : d.Text))
        : IsContinuous ? "持续推进" : "";

    public static ReviewTask From(ParsedTask task, int id, int lastLine) => new()
    {
        Id = id, Number = task.Number, ChapterNumber = task.ChapterNumber, Section = task.Section, Title = task.Title, Text = task.Text,
        FirstLine = task.Line, LastLine = lastLine, Lead = [.. task.Lead], Supporting = [.. task.Supporting],
        Scope = task.Townships.Kind, Townships = [.. task.Townships.Names],
        Deadlines = task.Deadlines.Select(d => new ReviewDeadline { Date = d.Date, Text = d.Text }).ToList(),
        Recurrence = task.Recurrence, IsContinuous = task.IsContinuous, Subitems = [.. task.Subitems], PeriodEnds = [.. task.PeriodEnds],
    };

    /// <summary>Nothing a reviewer can change differs (the fields <see cref="PlanReview.Corrections"/> compares).</summary>
    public bool SameAs(ReviewTask other) =>
        Number == other.Number && Title == other.Title && Lead.SequenceEqual(other.Lead) && Supporting.SequenceEqual(other.Supporting)
        && ScopeText == other.ScopeText && DeadlinesText == other.DeadlinesText && Recurrence == other.Recurrence
        && FirstLine == other.FirstLine && LastLine == other.LastLine;

    public ReviewTask Copy() => new()
    {
        Id = Id, Number = Number, ChapterNumber = ChapterNumber, Section = Section, Title = Title, Text = Text, FirstLine = FirstLine,
        LastLine = LastLine, Lead = [.. Lead], Supporting = [.. Supporting], Scope = Scope, Townships = [.. Townships],
        Deadlines = Deadlines.Select(d => new ReviewDeadline { Date = d.Date, Text = d.Text }).ToList(), Recurrence = Recurrence,
        IsContinuous = IsContinuous, Subitems = [.. Subitems], PeriodEnds = [.. PeriodEnds],
    };

    internal ParsedTask ToParsedTask(int order, ReviewTask? parsed)
    {
        var lead = Lead.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        var deadlines = Deadlines.Where(d => d.Date is not null)
            .Select(d => new ParsedDeadline(d.Date!.Value, string.IsNullOrWhiteSpace(d.Text) ? ChineseDate.Format(d.Date.Value) : d.Text.Trim()))
            .OrderBy(d => d.Date).ToList();
        // The importer widens a task's township scope by its sub-items'; once the reviewer has set the scope, theirs is the
        // whole of it, so the sub-items' own readings no longer add towns.
        var scopeEdited = parsed is null || parsed.Scope != Scope || !parsed.Townships.SequenceEqual(Townships);
        var subitems = scopeEdited
            ? Subitems.Select(s => CopyWithoutTownships(s)).ToList()
            : Subitems;
        return new ParsedTask
        {
            Number = Number.Trim(), Order = order, ChapterNumber = ChapterNumber, Section = Section, Title = Title.Trim(), Text = Text,
            Line = FirstLine, Lead = lead,
            Supporting = Supporting.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().Except(lead).ToList(),
            Townships = Scope switch
            {
                TownshipScopeKind.All => TownshipScope.All,
                TownshipScopeKind.Named when Townships.Count > 0 => TownshipScope.Of(Townships.Select(n => n.Trim()).Where(n => n.Length > 0)),
                _ => TownshipScope.None,
            },
            Deadlines = deadlines, PeriodEnds = PeriodEnds, Recurrence = string.IsNullOrWhiteSpace(Recurrence) ? null : Recurrence.Trim(),
            IsContinuous = deadlines.Count == 0 && IsContinuous, Subitems = subitems,
        };
    }

    private static ParsedTask CopyWithoutTownships(ParsedTask s) => new()
    {
        Number = s.Number, Order = s.Order, ChapterNumber = s.ChapterNumber, Section = s.Section, Title = s.Title, Text = s.Text,
        Line = s.Line, Lead = s.Lead, Supporting = s.Supporting, Townships = TownshipScope.None, Deadlines = s.Deadlines,
        PeriodEnds = s.PeriodEnds, Recurrence = s.Recurrence, IsContinuous = s.IsContinuous, Subitems = s.Subitems,
    };
}

/// <summary>A deadline being corrected: the date it means and the words for it (the date may be cleared while typing).</summary>
public sealed class ReviewDeadline
{
    public DateOnly? Date { get; set; }
    public string Text { get; set; } = "";
}
