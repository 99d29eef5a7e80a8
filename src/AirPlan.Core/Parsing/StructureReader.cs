using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>A work item (or sub-item) as found in the text, before responsibilities are interpreted.</summary>
internal sealed class RawItem
{
    public string Number { get; init; } = "";
    public int Line { get; init; }
    public string ChapterNumber { get; init; } = "";
    public string Section { get; init; } = "";
    /// <summary>Text as a reader sees it: heading, body and the responsibility block(s).</summary>
    public List<string> TextParts { get; } = [];
    /// <summary>Text without the responsibility blocks, for titles and deadlines.</summary>
    public List<string> BodyParts { get; } = [];
    public List<(int Line, string Block)> Blocks { get; } = [];
    public List<RawItem> Subitems { get; } = [];
    /// <summary>The heading sentence of an unnumbered work item (its first paragraph); null for numbered items.</summary>
    public string? Heading { get; init; }

    public bool HasBlock => Blocks.Count > 0;
    public bool HasAnyBlock => HasBlock || Subitems.Any(s => s.HasBlock);
    /// <summary>Paragraphs a line each: a unit block on its own line (牵头单位：… 责任单位：…) stays on its own line.</summary>
    public string Text => string.Join("\n", TextParts);
    public string Body => string.Concat(BodyParts);

    public void Append(Paragraph p)
    {
        TextParts.Add(p.Text);
        if (ResponsibilityBlock.IsBlockOnly(p.Text)) { Blocks.Add((p.Line, ResponsibilityBlock.BlockOf(p.Text))); return; }
        var found = ResponsibilityBlock.FindTrailing(p.Text);
        if (found is null) { BodyParts.Add(p.Text); return; }
        BodyParts.Add(found.Body);
        Blocks.Add((p.Line, found.Block));
    }
}

internal sealed class RawChapter
{
    public string Number { get; init; } = "";
    public string Title { get; init; } = "";
    public int Line { get; init; }
    public List<RawItem> Items { get; } = [];
    /// <summary>Text of a chapter that holds no numbered items (工作目标 in Mengjin).</summary>
    public List<string> Context { get; } = [];
    public bool HasTasks => Items.Any(i => i.HasAnyBlock);
}

/// <summary>
/// Finds chapters, work items and sub-items. Numbering levels, from the top: 一、 (a chapter heading, or a work item when
/// the line is a sentence or carries units), （一）, 1. / 1、, （1）, ①. Which level holds the tasks is decided from the
/// document itself: the highest level whose items mostly carry their own responsibility block (rather than containing
/// numbered items that do) — so （一） are section headings and 1．2． the tasks in Mengjin and Mengzhou, （一） are the
/// tasks and 1. 2. their sub-items in Yichuan, Luohe and Jiyuan. Levels above the task level are section headings,
/// levels below are sub-items. Unnumbered work items (a heading sentence, its paragraphs, then a unit block) are tasks
/// too, and so are 一、 items of plans without chapters.
/// </summary>
internal static partial class StructureReader
{
    private enum Kind { Chapter, Top, Paren, Arabic, ParenArabic, Circled, BlockOnly, Plain }

    private sealed record Node(Kind Kind, Paragraph Paragraph, string Number, string Rest)
    {
        /// <summary>Depth of a numbered item below the chapter (（一） = 1 … ① = 4); 0 for anything else.</summary>
        public int Rank => Kind switch { Kind.Paren => 1, Kind.Arabic => 2, Kind.ParenArabic => 3, Kind.Circled => 4, _ => 0 };
    }

    public static List<RawChapter> Read(IReadOnlyList<Paragraph> paragraphs, List<ParseWarning> warnings)
    {
        var nodes = Classify(paragraphs);
        var taskRank = TaskRank(nodes);
        // Plain paragraphs since the last heading or item: an unnumbered work item when a unit block closes them.
        var pending = new List<Paragraph>();

        var chapters = new List<RawChapter>();
        RawChapter? chapter = null;
        string section = "";
        RawItem? item = null;
        // The numbering depth of the current item: only deeper numbers are its sub-items, the same depth is a sibling.
        var itemRank = 0;
        RawItem? segment = null;

        void Close()
        {
            if (item is not null) FoldBlocklessSubitems(item);
            item = null;
            segment = null;
            pending.Clear();
        }

        void AddUnnumbered(Paragraph closing)
        {
            chapter ??= AddImplicitChapter(chapters);
            var first = pending.Count > 0 ? pending[0] : closing;
            var created = new RawItem
            {
                Number = "", Line = first.Line, ChapterNumber = chapter.Number,
                Section = section.Length > 0 ? section : chapter.Title,
                Heading = ResponsibilityBlock.FindTrailing(first.Text)?.Body ?? first.Text,
            };
            foreach (var p in pending) created.Append(p);
            created.Append(closing);
            chapter.Items.Add(created);
            pending.Clear();
            item = created;
            // An unnumbered item has no numbered sub-items: numbers after it are items of their own.
            itemRank = int.MaxValue;
            segment = created;
        }

        RawItem NewItem(Node n, string number)
        {
            chapter ??= AddImplicitChapter(chapters);
            var created = new RawItem
            {
                Number = number, Line = n.Paragraph.Line, ChapterNumber = chapter.Number,
                Section = section.Length > 0 ? section : chapter.Title,
            };
            created.Append(n.Paragraph with { Text = n.Rest });
            return created;
        }

        foreach (var n in nodes)
        {
            switch (n.Kind)
            {
                case Kind.Chapter:
                    Close();
                    chapter = new RawChapter { Number = n.Number, Title = n.Rest, Line = n.Paragraph.Line };
                    chapters.Add(chapter);
                    section = "";
                    break;

                case Kind.Top:
                    // A work item at the top level is its own chapter, so its number and title show as one.
                    Close();
                    chapter = new RawChapter { Number = n.Number, Title = TitleOf(n.Rest), Line = n.Paragraph.Line };
                    chapters.Add(chapter);
                    section = "";
                    item = NewItem(n, n.Number);
                    itemRank = 0;
                    chapter.Items.Add(item);
                    segment = item;
                    break;

                case Kind.Paren when taskRank == 1 || ResponsibilityBlock.FindTrailing(n.Paragraph.Text) is not null:
                    Close();
                    item = NewItem(n, "（" + n.Number + "）");
                    itemRank = n.Rank;
                    chapter!.Items.Add(item);
                    segment = item;
                    break;

                case Kind.Paren:
                    Close();
                    chapter ??= AddImplicitChapter(chapters);
                    // With its number, so the path reads 三、主要任务 › （二）优化能源结构… (Formatting/SectionPath).
                    section = "（" + n.Number + "）" + TitleOf(n.Rest);
                    chapter.Context.Add(n.Paragraph.Text);
                    break;

                case Kind.Arabic or Kind.ParenArabic or Kind.Circled when item is not null && n.Rank > itemRank:
                    var sub = new RawItem
                    {
                        Number = NumberAsWritten(n), Line = n.Paragraph.Line, ChapterNumber = item.ChapterNumber, Section = item.Section,
                    };
                    sub.Append(n.Paragraph with { Text = n.Rest });
                    item.Subitems.Add(sub);
                    segment = sub;
                    break;

                case Kind.Arabic or Kind.ParenArabic or Kind.Circled
                    when n.Rank < taskRank && ResponsibilityBlock.FindTrailing(n.Paragraph.Text) is null:
                    Close();
                    chapter ??= AddImplicitChapter(chapters);
                    section = TitleOf(n.Paragraph.Text);
                    chapter.Context.Add(n.Paragraph.Text);
                    break;

                case Kind.Arabic:
                case Kind.ParenArabic:
                case Kind.Circled:
                    Close();
                    item = NewItem(n, NumberAsWritten(n));
                    itemRank = n.Rank;
                    chapter!.Items.Add(item);
                    segment = item;
                    break;

                case Kind.BlockOnly when segment is null && pending.Count > 0:
                    AddUnnumbered(n.Paragraph);
                    break;

                case Kind.BlockOnly when segment is not null:
                    segment.Append(n.Paragraph);
                    break;

                case Kind.BlockOnly:
                    warnings.Add(new ParseWarning(n.Paragraph.Line, $"责任单位块前没有可归属的任务"));
                    break;

                case Kind.Plain when segment is null && ResponsibilityBlock.FindTrailing(n.Paragraph.Text) is not null:
                    AddUnnumbered(n.Paragraph);
                    break;

                case Kind.Plain when segment is null:
                    chapter?.Context.Add(n.Paragraph.Text);
                    pending.Add(n.Paragraph);
                    break;

                case Kind.Plain when segment.HasBlock && item is { Number: "" }:
                    // After an unnumbered item's block, the next heading sentence starts the next unnumbered item.
                    Close();
                    if (ResponsibilityBlock.FindTrailing(n.Paragraph.Text) is not null) AddUnnumbered(n.Paragraph);
                    else
                    {
                        chapter?.Context.Add(n.Paragraph.Text);
                        pending.Add(n.Paragraph);
                    }
                    break;

                case Kind.Plain when segment.HasBlock && item is not null:
                    // A paragraph after a finished block that brings its own block is a sub-item (Mengjin 11, 14, 18, 23).
                    var para = new RawItem
                    {
                        Number = "", Line = n.Paragraph.Line, ChapterNumber = item.ChapterNumber, Section = item.Section,
                    };
                    para.Append(n.Paragraph);
                    item.Subitems.Add(para);
                    segment = para;
                    break;

                case Kind.Plain:
                    segment.Append(n.Paragraph);
                    break;
            }
        }
        Close();
        return chapters;
    }

    /// <summary>1 for 1. and 1、, （1） for （1）, ① for ①: how a reader cites the item.</summary>
    private static string NumberAsWritten(Node n) => n.Kind == Kind.ParenArabic ? "（" + n.Number + "）" : n.Number;

    private static RawChapter AddImplicitChapter(List<RawChapter> chapters)
    {
        var c = new RawChapter { Number = "", Title = "", Line = 1 };
        chapters.Add(c);
        return c;
    }

    /// <summary>Unnumbered paragraphs without a block of their own are more text of what precedes them.</summary>
    private static void FoldBlocklessSubitems(RawItem item)
    {
        for (var i = item.Subitems.Count - 1; i >= 0; i--)
        {
            var sub = item.Subitems[i];
            if (sub.Number.Length > 0 || sub.HasBlock) continue;
            var target = i > 0 ? item.Subitems[i - 1] : item;
            target.TextParts.AddRange(sub.TextParts);
            target.BodyParts.AddRange(sub.BodyParts);
            item.Subitems.RemoveAt(i);
        }
    }

    private static List<Node> Classify(IReadOnlyList<Paragraph> paragraphs)
    {
        var nodes = new List<Node>();
        var started = false;
        foreach (var p in paragraphs)
        {
            var t = p.Text;
            if (IsTail(t)) break;
            var chapter = Numbering.Chapter(t);
            if (chapter.Success && ResponsibilityBlock.FindTrailing(t) is null)
            {
                started = true;
                nodes.Add(new Node(Kind.Chapter, p, chapter.Groups[1].Value, chapter.Groups[2].Value.Trim()));
                continue;
            }
            var top = chapter.Success ? chapter : Numbering.TopItem(t);
            if (top.Success)
            {
                started = true;
                nodes.Add(new Node(Kind.Top, p, top.Groups[1].Value, top.Groups[2].Value.Trim()));
                continue;
            }
            var numbered = Numbered(t);
            // Before the first chapter only numbered items count (a plan without chapters); the notice and
            // preamble are not structure.
            if (!started && numbered is null) continue;
            started = true;
            if (numbered is { } n) nodes.Add(n with { Paragraph = p });
            else if (ResponsibilityBlock.IsBlockOnly(t)) nodes.Add(new Node(Kind.BlockOnly, p, "", t));
            else nodes.Add(new Node(Kind.Plain, p, "", t));
        }
        return nodes;
    }

    private static Node? Numbered(string t)
    {
        Match m;
        if ((m = Numbering.Paren(t)).Success) return new Node(Kind.Paren, null!, m.Groups[1].Value, m.Groups[2].Value.Trim());
        if ((m = Numbering.Arabic(t)).Success) return new Node(Kind.Arabic, null!, m.Groups[1].Value, m.Groups[2].Value.Trim());
        if ((m = Numbering.ParenArabic(t)).Success) return new Node(Kind.ParenArabic, null!, m.Groups[1].Value, m.Groups[2].Value.Trim());
        if ((m = Numbering.Circled(t)).Success) return new Node(Kind.Circled, null!, m.Groups[1].Value, m.Groups[2].Value.Trim());
        return null;
    }

    /// <summary>主办：/抄送：/…印发 end the plan; what follows is the document's distribution footer.</summary>
    private static bool IsTail(string text) => Tail().IsMatch(text);

    /// <summary>
    /// The numbering level that holds the tasks: the highest level whose items carry their own block at least as often as
    /// they contain deeper numbered items. When none does, 1. items are the tasks (as in Mengjin), or else the highest
    /// level present.
    /// </summary>
    private static int TaskRank(List<Node> nodes)
    {
        var present = nodes.Where(n => n.Rank > 0).Select(n => n.Rank).Distinct().Order().ToList();
        var headsUnnumbered = false;
        foreach (var rank in present)
        {
            int withOwnBlock = 0, containers = 0;
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i].Rank != rank) continue;
                var ownBlock = ResponsibilityBlock.FindTrailing(nodes[i].Paragraph.Text) is not null;
                // （一）调整产业结构 with no sentence of its own, followed by several unnumbered items (a heading sentence and
                // its text, each closed by its block), is their section heading: a task titled by it would swallow them all.
                var headingOnly = !ownBlock && IsShortHeading(nodes[i].Rest);
                var hasDeeper = false;
                var items = 0;
                var sawText = true;
                for (var j = i + 1; j < nodes.Count && !EndsItem(nodes[j], rank) && !ownBlock; j++)
                {
                    if (nodes[j].Rank > rank) { hasDeeper = true; break; }
                    // Consecutive label lines (牵头单位：… / 责任单位：…) close one item, not two.
                    var closes = nodes[j].Kind == Kind.BlockOnly ? sawText
                        : ResponsibilityBlock.FindTrailing(nodes[j].Paragraph.Text) is not null;
                    sawText = nodes[j].Kind != Kind.BlockOnly;
                    if (!closes) continue;
                    items++;
                    sawText = false;
                    if (!headingOnly || items >= 2) break;
                }
                if (headingOnly && items >= 2) { headsUnnumbered = true; containers++; }
                // A heading over exactly one item could be either; it does not vote.
                else if (headingOnly && items == 1) continue;
                else if (ownBlock || items > 0) withOwnBlock++;
                else if (hasDeeper) containers++;
            }
            if (withOwnBlock > 0 && withOwnBlock >= containers) return rank;
        }
        // Every numbered level heads unnumbered items: none of them holds the tasks.
        if (headsUnnumbered) return present.Max() + 1;
        return present.Contains(2) ? 2 : present.Count > 0 ? present[0] : 2;
    }

    /// <summary>调整产业结构 — a heading: short, no sentence of its own.</summary>
    private static bool IsShortHeading(string text)
    {
        var t = text.Trim();
        return t.Length is > 0 and <= 24 && t.IndexOfAny(['。', '，', '；', '：']) < 0;
    }

    private static bool EndsItem(Node n, int rank) => n.Kind is Kind.Chapter or Kind.Top || (n.Rank > 0 && n.Rank <= rank);

    /// <summary>
    /// The heading sentence: up to the first 。 (or the colon that introduces the content: 坚决遏制“两高”项目盲目发展：严格落实…),
    /// shortened at a comma when it runs long.
    /// </summary>
    public static string TitleOf(string text)
    {
        var t = text.Trim();
        var stop = t.IndexOf('。');
        var sentence = (stop >= 0 ? t[..stop] : t).Trim().TrimEnd('，', '；', '：');
        var colon = sentence.IndexOf('：');
        if (colon is >= 4 and <= 40) return sentence[..colon];
        if (sentence.Length <= 40) return sentence;
        var comma = sentence.IndexOf('，');
        return comma is >= 4 and <= 40 ? sentence[..comma] : sentence[..40] + "…";
    }

    [GeneratedRegex(@"^(主办|督办|抄送|承办|联系人|联系电话)：|印发$")] private static partial Regex Tail();
}
