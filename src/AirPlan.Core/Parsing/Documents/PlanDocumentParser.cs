using System.Text.RegularExpressions;
using AirPlan.Core.Parsing.Ledger;

namespace AirPlan.Core.Parsing.Documents;

/// <summary>
/// A read document into one <see cref="ParsedPlan"/>: <see cref="PlanParser"/> on the body text (tables blanked), task
/// tables through the ledger assembler, then merged. When the body's numbered items and a task table both describe the
/// tasks, the table is the authority for units, township scope and deadlines (it is the 分工 the plan publishes for
/// exactly that), the body for text and sub-items (docs/decisions/024-plan-documents.md).
/// </summary>
public static partial class PlanDocumentParser
{
    public static ParsedPlan Parse(PlanDocument document, PlanParserOptions? options = null)
    {
        if (document.Refusal is { } refusal)
            return new ParsedPlan { Refusal = refusal, Warnings = [new ParseWarning(1, refusal)] };
        var body = PlanParser.Parse(document.BodyText, options);
        if (body.Refusal is not null) return body;
        var documentWarnings = document.Warnings.Select(w => new ParseWarning(1, w)).ToList();

        var readings = document.Tables.Select(TaskTableReader.Read).OfType<TaskTableReader.Reading>().ToList();
        var rows = readings.SelectMany(r => r.Rows).ToList();
        if (rows.Count == 0) return With(body, warnings: [.. documentWarnings, .. body.Warnings]);

        var table = LedgerPlanAssembler.Assemble(rows, body.Title, body.Region, body.PlanYear, options);
        var tableWarnings = table.Problems.Select(p => new ParseWarning(p.Row, $"任务表：{p.Message}")).ToList();

        if (body.Tasks.Count == 0)
        {
            // The tasks are the table's: the body's complaints that it found none are answered.
            var kept = body.Warnings.Where(w => !NoTasksWarning().IsMatch(w.Message));
            var chapters = body.Chapters.Where(c => table.Plan.Chapters.All(t => t.Number != c.Number)).Concat(table.Plan.Chapters)
                .OrderBy(c => c.Line).ToList();
            return With(body, table.Plan.Tasks, table.Plan.Units, chapters,
                [.. documentWarnings, .. kept.Concat(tableWarnings).OrderBy(w => w.Line)]);
        }
        return Merge(body, table.Plan, [.. documentWarnings, .. body.Warnings.Concat(tableWarnings).OrderBy(w => w.Line)]);
    }

    /// <summary>Body tasks take the table's units, scope and deadlines: matched by title, else by position when both list as many.</summary>
    private static ParsedPlan Merge(ParsedPlan body, ParsedPlan table, List<ParseWarning> warnings)
    {
        var byTitle = table.Tasks.GroupBy(t => Key(t.Title)).ToDictionary(g => g.Key, g => g.First());
        var positional = table.Tasks.Count == body.Tasks.Count;
        var used = new HashSet<ParsedTask>();
        var tasks = new List<ParsedTask>();
        for (var i = 0; i < body.Tasks.Count; i++)
        {
            var t = body.Tasks[i];
            var match = byTitle.GetValueOrDefault(Key(t.Title)) ?? (positional ? table.Tasks[i] : null);
            if (match is null || !used.Add(match)) { tasks.Add(t); continue; }
            tasks.Add(Copy(t, match));
        }
        var order = tasks.Count;
        foreach (var extra in table.Tasks.Where(t => !used.Contains(t)))
        {
            warnings.Add(new ParseWarning(extra.Line, $"任务表中的任务“{extra.Number} {extra.Title}”在正文中未找到，已作为单独任务列出"));
            tasks.Add(Copy(extra, extra, ++order));
        }
        var units = body.Units.Concat(table.Units).GroupBy(u => u.Name)
            .Select(g => new ParsedUnit(g.Key, g.SelectMany(u => u.Aliases).Distinct().ToList())).ToList();
        return With(body, tasks, units, body.Chapters, warnings);
    }

    private static ParsedTask Copy(ParsedTask text, ParsedTask units, int? order = null) => new()
    {
        Number = text.Number,
        Order = order ?? text.Order,
        ChapterNumber = text.ChapterNumber,
        Section = text.Section,
        Title = text.Title,
        Text = text.Text,
        Line = text.Line,
        Subitems = text.Subitems,
        PeriodEnds = text.PeriodEnds,
        Lead = units.Lead,
        Supporting = units.Supporting,
        Townships = units.Townships,
        Deadlines = units.Deadlines,
        Recurrence = units.Recurrence ?? text.Recurrence,
        IsContinuous = units.IsContinuous,
    };

    private static ParsedPlan With(ParsedPlan p, IReadOnlyList<ParsedTask>? tasks = null, IReadOnlyList<ParsedUnit>? units = null,
        IReadOnlyList<ParsedChapter>? chapters = null, IReadOnlyList<ParseWarning>? warnings = null) => new()
    {
        Title = p.Title,
        DocNumber = p.DocNumber,
        Issuer = p.Issuer,
        IssuedOn = p.IssuedOn,
        PlanYear = p.PlanYear,
        Region = p.Region,
        Targets = p.Targets,
        Chapters = chapters ?? p.Chapters,
        Tasks = tasks ?? p.Tasks,
        Units = units ?? p.Units,
        Warnings = warnings ?? p.Warnings,
        Refusal = p.Refusal,
    };

    private static string Key(string title) => Punctuation().Replace(title, "");

    // PlanParser's words when a text holds no task of its own (PlanParser.ParseCore); a table supplies them instead.
    [GeneratedRegex("未找到任何标明责任单位的工作任务|未识别到章节或编号条目")] private static partial Regex NoTasksWarning();
    [GeneratedRegex(@"[\s\p{P}]")] private static partial Regex Punctuation();
}
