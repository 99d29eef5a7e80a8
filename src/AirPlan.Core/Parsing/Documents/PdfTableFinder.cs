using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing.Documents;

/// <summary>
/// Recovers a task table that a PDF flattened into lines (best effort). The header line (序号 重点任务 … 牵头单位 …) gives
/// the columns: each boundary lies midway between two header texts. Below it, a line belongs to the table while no run of
/// text crosses a boundary (table cells are padded apart; running prose is not); a number in the 序号 column starts a
/// row, other lines add to the current row's cells (wrapped cell text), and a heading across the table (一、…) that the
/// table goes on after is a section row. A table without a 序号 column is left to the text parser.
/// </summary>
internal static partial class PdfTableFinder
{
    private sealed record Columns(TaskColumn[] Kinds, double[] Bounds, string Key, int HeaderLines = 1);

    public static List<DocumentTable> Find(IReadOnlyList<PdfLine> lines)
    {
        var tables = new List<DocumentTable>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (HeaderAt(lines, i) is not { } columns) continue;
            var table = Read(lines, i, columns, out var last);
            if (table is not null) tables.Add(table);
            i = Math.Max(i, last);
        }
        return tables;
    }

    /// <summary>Runs of glyphs separated by more than one character's width: the header's cell texts.</summary>
    private static List<(double X0, double X1, string Text)> Segments(PdfLine line)
    {
        var segments = new List<(double, double, string)>();
        var start = 0;
        for (var i = 1; i <= line.Glyphs.Count; i++)
        {
            if (i < line.Glyphs.Count && line.Glyphs[i].X0 - line.Glyphs[i - 1].X1 <= line.Size) continue;
            var run = line.Glyphs.Skip(start).Take(i - start).ToList();
            segments.Add((run[0].X0, run[^1].X1, string.Concat(run.Select(g => g.Value))));
            start = i;
        }
        return segments;
    }

    /// <summary>A table's header repeated on each page is not a running header: three or more cells, one naming who leads.</summary>
    public static bool MayBeTableHeader(PdfLine line)
    {
        var segments = Segments(line);
        return segments.Count >= 3 && segments.Any(s => TaskTableReader.Classify(s.Text) is TaskColumn.Lead or TaskColumn.Responsible);
    }

    /// <summary>
    /// A header line and the lines its narrow cells wrapped onto (序 / 号, 完成时 / 限, 配合单位（责任 / 单位）) up to the
    /// first row, read as one header.
    /// </summary>
    private static Columns? HeaderAt(IReadOnlyList<PdfLine> lines, int index)
    {
        var segments = Segments(lines[index]);
        if (segments.Count < 3) return null;
        var bounds = new double[segments.Count + 1];
        bounds[0] = double.NegativeInfinity;
        bounds[^1] = double.PositiveInfinity;
        for (var k = 1; k < segments.Count; k++) bounds[k] = Gutter(lines, index, segments[k - 1].X1, segments[k].X0);
        var texts = segments.Select(s => s.Text).ToArray();
        var probe = new Columns(new TaskColumn[segments.Count], bounds, "");
        var headerLines = 1;
        for (var j = index + 1; j < Math.Min(lines.Count, index + 4) && !Crosses(lines[j], bounds); j++, headerLines++)
        {
            var cells = Cells(lines[j], probe);
            if (cells.Any(c => RowStart().IsMatch(c.Trim()))) break;
            for (var k = 0; k < texts.Length; k++) texts[k] += cells[k];
        }
        if (TaskTableReader.Header(texts) is not { } kinds || !kinds.Contains(TaskColumn.Number)) return null;
        return new Columns(kinds, bounds, Key(lines[index].Text), headerLines);
    }

    /// <summary>
    /// Where a column ends, between two header texts: the position the rows below cross least (the cell padding), the
    /// middle of the widest such stretch. Header texts may be centred or left-aligned in their cells; the rows tell.
    /// </summary>
    private static double Gutter(IReadOnlyList<PdfLine> lines, int header, double from, double to)
    {
        var sample = lines.Skip(header + 1).Take(40).SelectMany(l => l.Glyphs).Where(g => g.X1 > from && g.X0 < to).ToList();
        var best = int.MaxValue;
        double bestStart = from, bestEnd = from, runStart = from;
        var previous = -1;
        for (var x = Math.Ceiling(from); x <= to; x += 0.5)
        {
            var crossing = sample.Count(g => g.X0 < x && g.X1 > x);
            if (crossing != previous) runStart = x;
            previous = crossing;
            if (crossing < best || (crossing == best && x - runStart > bestEnd - bestStart))
            {
                if (crossing < best) runStart = x;
                best = crossing;
                bestStart = runStart;
                bestEnd = x;
            }
        }
        return (bestStart + bestEnd) / 2;
    }

    private static DocumentTable? Read(IReadOnlyList<PdfLine> lines, int headerIndex, Columns columns, out int last)
    {
        var n = columns.Kinds.Length;
        var number = Array.IndexOf(columns.Kinds, TaskColumn.Number);
        var header = Cells(lines[headerIndex], columns);
        var rows = new List<string[]>();
        var rowLines = new List<int>();
        last = headerIndex;
        var inHeader = true;
        var skip = 0;
        string? section = null;
        var sectionLine = 0;
        for (var i = headerIndex + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            // The header again, on the next page: it and its wrapped words up to the next row are not cell text.
            if (Key(line.Text) == columns.Key) { skip = columns.HeaderLines - 1; continue; }
            if (skip > 0) { skip--; continue; }
            if (Crosses(line, columns.Bounds))
            {
                var next = i + 1 < lines.Count ? lines[i + 1] : null;
                var heading = Numbering.Chapter(line.Text.Replace(" ", "")).Success || Numbering.Paren(line.Text.Replace(" ", "")).Success;
                if (heading && next is not null && !Crosses(next, columns.Bounds)) { section = line.Text.Replace(" ", ""); sectionLine = i + 1; continue; }
                break;
            }
            var cells = Cells(line, columns);
            if (RowStart().IsMatch(cells[number].Trim()))
            {
                inHeader = false;
                if (section is not null)
                {
                    rows.Add(Enumerable.Repeat(section, n).ToArray());
                    rowLines.Add(sectionLine);
                    section = null;
                }
                rows.Add(cells);
                rowLines.Add(i + 1);
            }
            else if (inHeader && rows.Count == 0)
            {
                // 配合单位（责任 / 单位） — the header's own wrapped words.
                for (var k = 0; k < n; k++) header[k] += cells[k];
                continue;
            }
            else
            {
                // Prose and dates wrap mid-word; a unit list wraps mid-name unless the name before the break is whole.
                for (var k = 0; k < n; k++)
                    if (cells[k].Length > 0)
                        rows[^1][k] += (UnitColumn(columns.Kinds[k]) && !ParagraphJoiner.UnitListIncomplete(rows[^1][k]) ? "\n" : "") + cells[k];
            }
            last = i;
        }
        if (rows.Count == 0) return null;
        var all = new List<IReadOnlyList<TableCell>> { header.Select(h => new TableCell(h)).ToList() };
        all.AddRange(rows.Select(r => (IReadOnlyList<TableCell>)r.Select(c => new TableCell(c)).ToList()));
        return new DocumentTable(headerIndex + 1, last + 1, all, [headerIndex + 1, .. rowLines]);
    }

    /// <summary>The glyphs of a line split into the header's columns by their centres.</summary>
    private static string[] Cells(PdfLine line, Columns columns)
    {
        var cells = new string[columns.Kinds.Length];
        Array.Fill(cells, "");
        foreach (var g in line.Glyphs)
        {
            var centre = (g.X0 + g.X1) / 2;
            var k = 0;
            while (k + 1 < columns.Bounds.Length - 1 && centre >= columns.Bounds[k + 1]) k++;
            cells[k] += g.Value;
        }
        return cells;
    }

    /// <summary>Running text crosses a column boundary: two touching glyphs on either side, or one glyph across it.</summary>
    private static bool Crosses(PdfLine line, double[] bounds)
    {
        var tolerance = Math.Max(1.0, line.Size * 0.12);
        for (var b = 1; b < bounds.Length - 1; b++)
        {
            var x = bounds[b];
            for (var i = 0; i < line.Glyphs.Count; i++)
            {
                var g = line.Glyphs[i];
                if (g.X0 < x - tolerance && g.X1 > x + tolerance) return true;
                if (i + 1 < line.Glyphs.Count && (g.X0 + g.X1) / 2 < x && (line.Glyphs[i + 1].X0 + line.Glyphs[i + 1].X1) / 2 >= x
                    && line.Glyphs[i + 1].X0 - g.X1 < tolerance) return true;
            }
        }
        return false;
    }

    private static bool UnitColumn(TaskColumn kind) => kind is TaskColumn.Lead or TaskColumn.Supporting or TaskColumn.Responsible or TaskColumn.Townships;

    private static string Key(string text) => text.Replace(" ", "");

    [GeneratedRegex(@"^(?:\d{1,3}[.．、]?|（[一二三四五六七八九十]+）)$")] private static partial Regex RowStart();
}
