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
/// Finds chapters, work items and sub-items. Two numbering schemes occur:
/// （一） are section headings and 1．2． are the tasks (Mengjin, Mengzhou), or （一） are the tasks and 1. 2. their
/// sub-items (Yichuan, Luohe, Jiyuan). Which one a document uses is decided from the document itself: if most （一）
/// items carry their own responsibility block they are tasks.
/// </summary>
internal static partial class StructureReader
{
    private enum Kind { Chapter, Paren, Arabic, BlockOnly, Plain }

    private sealed record Node(Kind Kind, Paragraph Paragraph, string Number, string Rest);

    public static List<RawChapter> Read(IReadOnlyList<Paragraph> paragraphs, List<ParseWarning> warnings)
    {
        var nodes = Classify(paragraphs);
        var parenAreTasks = ParenAreTasks(nodes);

        var chapters = new List<RawChapter>();
        RawChapter? chapter = null;
        string section = "";
        RawItem? item = null;
        RawItem? segment = null;

        void Close()
        {
            if (item is not null) FoldBlocklessSubitems(item);
            item = null;
            segment = null;
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

                case Kind.Paren when parenAreTasks || ResponsibilityBlock.FindTrailing(n.Paragraph.Text) is not null:
                    Close();
                    item = NewItem(n, "（" + n.Number + "）");
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

                case Kind.Arabic when parenAreTasks && item is not null:
                    var sub = new RawItem
                    {
                        Number = n.Number, Line = n.Paragraph.Line, ChapterNumber = item.ChapterNumber, Section = item.Section,
                    };
                    sub.Append(n.Paragraph with { Text = n.Rest });
                    item.Subitems.Add(sub);
                    segment = sub;
                    break;

                case Kind.Arabic:
                    Close();
                    item = NewItem(n, n.Number);
                    chapter!.Items.Add(item);
                    segment = item;
                    break;

                case Kind.BlockOnly when segment is not null:
                    segment.Append(n.Paragraph);
                    break;

                case Kind.BlockOnly:
                    warnings.Add(new ParseWarning(n.Paragraph.Line, $"责任单位块前没有可归属的任务"));
                    break;

                case Kind.Plain when segment is null:
                    chapter?.Context.Add(n.Paragraph.Text);
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
            if (chapter.Success)
            {
                started = true;
                nodes.Add(new Node(Kind.Chapter, p, chapter.Groups[1].Value, chapter.Groups[2].Value.Trim()));
                continue;
            }
            var paren = Numbering.Paren(t);
            var arabic = Numbering.Arabic(t);
            // Before the first chapter only numbered items count (a plan without chapters); the notice and
            // preamble are not structure.
            if (!started && !paren.Success && !arabic.Success) continue;
            started = true;
            if (paren.Success) nodes.Add(new Node(Kind.Paren, p, paren.Groups[1].Value, paren.Groups[2].Value.Trim()));
            else if (arabic.Success) nodes.Add(new Node(Kind.Arabic, p, arabic.Groups[1].Value, arabic.Groups[2].Value.Trim()));
            else if (ResponsibilityBlock.IsBlockOnly(t)) nodes.Add(new Node(Kind.BlockOnly, p, "", t));
            else nodes.Add(new Node(Kind.Plain, p, "", t));
        }
        return nodes;
    }

    /// <summary>主办：/抄送：/…印发 end the plan; what follows is the document's distribution footer.</summary>
    private static bool IsTail(string text) => Tail().IsMatch(text);

    private static bool ParenAreTasks(List<Node> nodes)
    {
        int withOwnBlock = 0, containers = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Kind != Kind.Paren) continue;
            var ownBlock = ResponsibilityBlock.FindTrailing(nodes[i].Paragraph.Text) is not null;
            var hasArabic = false;
            for (var j = i + 1; j < nodes.Count && nodes[j].Kind is not (Kind.Paren or Kind.Chapter); j++)
            {
                if (nodes[j].Kind == Kind.Arabic) { hasArabic = true; break; }
                if (nodes[j].Kind == Kind.BlockOnly || ResponsibilityBlock.FindTrailing(nodes[j].Paragraph.Text) is not null) { ownBlock = true; break; }
            }
            if (ownBlock) withOwnBlock++;
            else if (hasArabic) containers++;
        }
        return withOwnBlock > 0 && withOwnBlock >= containers;
    }

    /// <summary>The heading sentence: up to the first 。, shortened at a comma when it runs long.</summary>
    public static string TitleOf(string text)
    {
        var t = text.Trim();
        var stop = t.IndexOf('。');
        var sentence = (stop >= 0 ? t[..stop] : t).Trim().TrimEnd('，', '；', '：');
        if (sentence.Length <= 40) return sentence;
        var comma = sentence.IndexOf('，');
        return comma is >= 4 and <= 40 ? sentence[..comma] : sentence[..40] + "…";
    }

    [GeneratedRegex(@"^(主办|督办|抄送|承办|联系人|联系电话)：|印发$")] private static partial Regex Tail();
}
