namespace AirPlan.Core.Parsing;

/// <summary>A plan document read into structure. Produced by <see cref="PlanParser"/>; never null fields for lists.</summary>
public sealed class ParsedPlan
{
    public string Title { get; init; } = "";
    /// <summary>文号, e.g. 孟政办〔2024〕21号.</summary>
    public string? DocNumber { get; init; }
    /// <summary>印发机关, e.g. 洛阳市孟津区人民政府办公室.</summary>
    public string? Issuer { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public int? PlanYear { get; init; }
    /// <summary>The administrative region the plan governs, as written (孟津区, 伊川县, 漯河市, 济源产城融合示范区, 孟州市).</summary>
    public string? Region { get; init; }
    public IReadOnlyList<PlanTarget> Targets { get; init; } = [];
    /// <summary>Top-level chapters (一、二、…), including context chapters that hold no tasks.</summary>
    public IReadOnlyList<ParsedChapter> Chapters { get; init; } = [];
    /// <summary>Work items in document order; each belongs to a chapter.</summary>
    public IReadOnlyList<ParsedTask> Tasks { get; init; } = [];
    /// <summary>Canonical unit names of this plan, each with the variants found in the text.</summary>
    public IReadOnlyList<ParsedUnit> Units { get; init; } = [];
    public IReadOnlyList<ParseWarning> Warnings { get; init; } = [];
    /// <summary>Why the text was not parsed at all (it is beyond <see cref="PlanLimits"/>); null when it was read.</summary>
    public string? Refusal { get; init; }
}

/// <summary>A quantitative target such as PM2.5 浓度不高于 36 微克/立方米.</summary>
public sealed record PlanTarget(string Indicator, decimal Value, string Unit, string Text);

/// <summary>章: 一、指导思想 / 三、主要任务 / 二、优化产业结构….</summary>
public sealed record ParsedChapter(string Number, string Title, int Line, bool HasTasks);

/// <summary>A canonical unit name with its spellings in the document (aliases exclude the name itself).</summary>
public sealed record ParsedUnit(string Name, IReadOnlyList<string> Aliases);

/// <summary>A problem at a source line; Message does not repeat the line number.</summary>
public sealed record ParseWarning(int Line, string Message)
{
    public override string ToString() => $"第{Line}行：{Message}";
}

/// <summary>A deadline found in text: the date it means and the words it was written with.</summary>
public sealed record ParsedDeadline(DateOnly Date, string Text);

public enum TownshipScopeKind
{
    /// <summary>No township carries this task.</summary>
    None,
    /// <summary>Every township/street/zone of the plan's region (各乡镇政府、街道办负责落实).</summary>
    All,
    /// <summary>Only the towns listed in <see cref="TownshipScope.Names"/>.</summary>
    Named,
}

public sealed record TownshipScope(TownshipScopeKind Kind, IReadOnlyList<string> Names)
{
    public static readonly TownshipScope None = new(TownshipScopeKind.None, []);
    public static readonly TownshipScope All = new(TownshipScopeKind.All, []);
    public static TownshipScope Of(IEnumerable<string> names) => new(TownshipScopeKind.Named, names.Distinct().ToList());
}

/// <summary>A numbered work item (or a sub-item beneath one).</summary>
public sealed class ParsedTask
{
    /// <summary>Number as written: "1", "（三十八）", "二.3" is NOT used; a chapter-restarting plan keeps "（一）" and the chapter tells them apart.</summary>
    public string Number { get; init; } = "";
    /// <summary>Position in the document, 1-based, unique within the plan (a stable key when numbers restart per chapter).</summary>
    public int Order { get; init; }
    /// <summary>Chapter number (一、二 …) this task is under.</summary>
    public string ChapterNumber { get; init; } = "";
    /// <summary>Title of the section the task sits in (the nearest heading above it).</summary>
    public string Section { get; init; } = "";
    /// <summary>Heading sentence, e.g. 坚决遏制“两高”项目盲目发展.</summary>
    public string Title { get; init; } = "";
    /// <summary>Full text after repair and junk removal, responsibility block included.</summary>
    public string Text { get; init; } = "";
    /// <summary>1-based line in the source where the task starts.</summary>
    public int Line { get; init; }
    /// <summary>牵头单位 (canonical names). For a task: its own plus those of its sub-items.</summary>
    public IReadOnlyList<string> Lead { get; init; } = [];
    /// <summary>配合/责任单位 (canonical names). For a task: its own plus those of its sub-items.</summary>
    public IReadOnlyList<string> Supporting { get; init; } = [];
    public TownshipScope Townships { get; init; } = TownshipScope.None;
    /// <summary>For a task: its own plus those of its sub-items, ordered by date.</summary>
    public IReadOnlyList<ParsedDeadline> Deadlines { get; init; } = [];
    /// <summary>Ends of …至…期间 windows (e.g. 错峰生产 2023年11月15日至2024年3月15日期间): not deadlines, kept apart.</summary>
    public IReadOnlyList<ParsedDeadline> PeriodEnds { get; init; } = [];
    /// <summary>每月 / 每季度 / 每年 …, the words as written; null when none.</summary>
    public string? Recurrence { get; init; }
    /// <summary>True when the text says the work is ongoing (持续推进/长期坚持) rather than dated.</summary>
    public bool IsContinuous { get; init; }
    public IReadOnlyList<ParsedTask> Subitems { get; init; } = [];
}
