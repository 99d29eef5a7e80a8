using System.Text.RegularExpressions;
using AirPlan.Core.Parsing.Ledger;

namespace AirPlan.Core.Parsing.Documents;

/// <summary>What a task table's column holds, judged by its header.</summary>
internal enum TaskColumn { None, Number, Chapter, Title, Content, Lead, Supporting, Responsible, Townships, Deadline }

/// <summary>
/// Recognises a task table (重点任务分工表) by its header row — 序号 / 重点任务 / 具体措施 / 牵头单位 / 配合单位（责任单位）/
/// 完成时限 and their synonyms — and turns its rows into <see cref="LedgerRow"/>s, so the Excel ledger's assembler (the
/// document parser's own responsibility, township and deadline rules) builds the tasks: a table in a plan is a ledger.
/// </summary>
internal static partial class TaskTableReader
{
    /// <summary>Rows of a task table and where its header is; null when the table is not a task table.</summary>
    public sealed record Reading(IReadOnlyList<LedgerRow> Rows, int HeaderLine);

    // Checked in this order: 配合单位（责任单位） is a supporting column, 具体任务 a content column, 重点任务 a title column.
    private static readonly (TaskColumn Column, string[] Words)[] Synonyms =
    [
        (TaskColumn.Lead, ["牵头", "主办", "主责"]),
        (TaskColumn.Supporting, ["配合", "协办", "参与", "协作", "协同"]),
        (TaskColumn.Townships, ["落实乡镇", "责任乡镇", "实施乡镇", "乡镇（街道）", "乡镇(街道)"]),
        (TaskColumn.Responsible, ["责任单位", "责任部门", "责任主体", "实施单位", "责任处室"]),
        (TaskColumn.Number, ["序号", "编号"]),
        (TaskColumn.Deadline, ["时限", "完成时间", "时间节点", "期限", "完成日期", "进度安排"]),
        (TaskColumn.Content, ["措施", "内容", "要求", "具体任务", "目标"]),
        (TaskColumn.Title, ["任务", "事项", "工作", "项目"]),
        (TaskColumn.Chapter, ["类别", "领域", "分类", "方面"]),
    ];

    public static TaskColumn Classify(string header)
    {
        var h = Whitespace().Replace(header, "");
        if (h.Length == 0 || h.Length > 16) return TaskColumn.None;
        foreach (var (column, words) in Synonyms)
            if (words.Any(w => h.Contains(w, StringComparison.Ordinal))) return column;
        return TaskColumn.None;
    }

    /// <summary>A header names who is responsible and what the task is, in at least three recognised columns.</summary>
    public static TaskColumn[]? Header(IReadOnlyList<string> cells)
    {
        var columns = cells.Select(Classify).ToArray();
        var kinds = columns.Where(c => c != TaskColumn.None).Distinct().ToList();
        if (kinds.Count < 3 || !(kinds.Contains(TaskColumn.Lead) || kinds.Contains(TaskColumn.Responsible))
            || !(kinds.Contains(TaskColumn.Title) || kinds.Contains(TaskColumn.Content))) return null;
        // 责任单位 beside a 牵头单位 column supports; alone it leads (as in the text rules: no 牵头 means joint leads).
        var hasLead = kinds.Contains(TaskColumn.Lead);
        // A second title-like column (任务名称 | 工作任务) holds the content; a second column of a kind otherwise adds nothing.
        var seen = new HashSet<TaskColumn>();
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i] == TaskColumn.Responsible) columns[i] = hasLead ? TaskColumn.Supporting : TaskColumn.Lead;
            if (columns[i] == TaskColumn.Title && seen.Contains(TaskColumn.Title) && !seen.Contains(TaskColumn.Content)) columns[i] = TaskColumn.Content;
            else if (columns[i] is not (TaskColumn.None or TaskColumn.Supporting or TaskColumn.Lead) && !seen.Add(columns[i])) columns[i] = TaskColumn.None;
            seen.Add(columns[i]);
        }
        return columns;
    }

    public static Reading? Read(DocumentTable table)
    {
        // The header may sit under a title row (附件：重点任务分工表) spanning the table.
        for (var h = 0; h < Math.Min(3, table.Rows.Count); h++)
        {
            var headerTexts = table.Rows[h].Select(c => c.Text).ToList();
            if (Header(headerTexts) is not { } columns) continue;
            return new Reading(Rows(table, h, headerTexts, columns), table.RowLines[h]);
        }
        return null;
    }

    private static List<LedgerRow> Rows(DocumentTable table, int headerIndex, List<string> headerTexts, TaskColumn[] columns)
    {
        var rows = new List<LedgerRow>();
        var chapter = "";
        int? lastTaskRow = null;
        var headerKey = string.Join("|", headerTexts.Select(t => Whitespace().Replace(t, "")));
        for (var r = headerIndex + 1; r < table.Rows.Count; r++)
        {
            var cells = table.Rows[r];
            var line = table.RowLines[r];
            string Cell(TaskColumn kind, string joiner)
            {
                var parts = new List<string>();
                for (var i = 0; i < columns.Length && i < cells.Count; i++)
                {
                    if (columns[i] != kind) continue;
                    var text = cells[i].Text.Trim();
                    // A value spanning two columns of one kind is the same text twice.
                    if (text.Length > 0 && !parts.Contains(text)) parts.Add(text);
                }
                // A cell's paragraphs: one unit or date per line is a list; wrapped prose is one text.
                return string.Join(joiner, parts.Select(p => p.Replace("\n", joiner)));
            }

            var texts = cells.Select(c => c.Text.Trim()).ToList();
            if (texts.All(t => t.Length == 0)) continue;
            // A header repeated at the top of every page of the table.
            if (string.Join("|", texts.Select(t => Whitespace().Replace(t, ""))) == headerKey) continue;
            // A row of one merged cell is a section heading (一、优化产业结构) for the rows below it.
            var distinct = texts.Where(t => t.Length > 0).Distinct().ToList();
            if (distinct.Count == 1 && (texts.Count(t => t.Length > 0) >= 2 || Cell(TaskColumn.Lead, "、").Length == 0))
            {
                chapter = distinct[0].Replace("\n", "");
                continue;
            }

            var numberCell = columns.Select((c, i) => (c, i)).FirstOrDefault(x => x.c == TaskColumn.Number && x.i < cells.Count);
            var continuesAbove = numberCell.c == TaskColumn.Number && cells[numberCell.i].ContinuesAbove;
            var number = NumberPunctuation().Replace(Cell(TaskColumn.Number, ""), "");
            var row = new LedgerRow(
                line, number, Cell(TaskColumn.Chapter, "") is { Length: > 0 } own ? own : chapter,
                Cell(TaskColumn.Title, ""), Cell(TaskColumn.Content, ""),
                Cell(TaskColumn.Lead, "、"), Cell(TaskColumn.Supporting, "、"), Cell(TaskColumn.Townships, "、"),
                Cell(TaskColumn.Deadline, "\n"), [],
                ParentRow: continuesAbove ? lastTaskRow : null);
            if (!continuesAbove) lastTaskRow = line;
            rows.Add(row);
        }
        return rows;
    }

    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
    // 1. / 1、 / 1． — the number as a reader names it; （一） keeps its parentheses, as the text parser writes it.
    [GeneratedRegex(@"[.．、\s]+$")] private static partial Regex NumberPunctuation();
}
