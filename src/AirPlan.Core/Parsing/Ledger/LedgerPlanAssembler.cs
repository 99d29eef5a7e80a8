using System.Text.RegularExpressions;
using AirPlan.Core.Formatting;

namespace AirPlan.Core.Parsing.Ledger;

/// <summary>
/// Builds a <see cref="ParsedPlan"/> from ledger rows with the document parser's own rules (responsibility phrases,
/// unit normalisation, township phrases, deadline expressions), so a plan imported from Excel looks exactly like one
/// imported from text and goes through the same importer. Rows that cannot be read are left out and reported.
/// </summary>
public static partial class LedgerPlanAssembler
{
    private sealed record Reading(LedgerRow Row, RawResponsibility Units, List<ParsedDeadline> Deadlines, string? Recurrence,
        bool IsContinuous, List<LedgerRow> Subitems);

    public static LedgerReading Assemble(IReadOnlyList<LedgerRow> rows, string title, string? region, int? planYear,
        PlanParserOptions? options = null)
    {
        options ??= new PlanParserOptions();
        var problems = new List<LedgerProblem>();
        var normalizer = new UnitNormalizer(region, options.UnitAliases);
        var areas = new SubordinateAreas(region, options.Subdivisions);
        var readings = new List<Reading>();
        var byRow = new Dictionary<int, Reading>();

        foreach (var row in rows)
        {
            if (row.ParentRow is { } parent)
            {
                // A sub-item shares its task's merged cells; only its own name and content are new.
                if (byRow.TryGetValue(parent, out var owner) && (row.Title.Length > 0 || row.Content.Length > 0)) owner.Subitems.Add(row);
                continue;
            }
            var reading = Read(row, planYear, problems, areas);
            if (reading is null) continue;
            foreach (var unit in reading.Units.Lead.Concat(reading.Units.Supporting)) normalizer.Add(unit);
            readings.Add(reading);
            byRow[row.Row] = reading;
        }

        var units = normalizer.Build();
        string Canon(string n) => units.CanonicalOf.TryGetValue(n, out var c) ? c : n;
        var chapters = new List<ParsedChapter>();
        var tasks = new List<ParsedTask>();
        var taskRows = new Dictionary<int, int>();
        var chapter = ("", "");
        foreach (var r in readings)
        {
            if (r.Row.Chapter.Length > 0) chapter = SplitChapter(r.Row.Chapter);
            if (chapter.Item1.Length > 0 && chapters.All(c => c.Number != chapter.Item1))
                chapters.Add(new ParsedChapter(chapter.Item1, chapter.Item2, r.Row.Row, HasTasks: true));
            var lead = r.Units.Lead.Select(Canon).Distinct().ToList();
            var number = r.Row.Number.Length > 0 ? r.Row.Number : (tasks.Count + 1).ToString();
            var subitems = r.Subitems.Select((s, i) => new ParsedTask
            {
                Number = s.Number.Length > 0 && s.Number != r.Row.Number ? s.Number : $"{i + 1}",
                Order = i + 1,
                ChapterNumber = chapter.Item1,
                Section = chapter.Item2,
                Title = TitleOf(s),
                Text = s.Content.Length > 0 ? s.Content : s.Title,
                Line = s.Row,
            }).ToList();
            tasks.Add(new ParsedTask
            {
                Number = number,
                Order = tasks.Count + 1,
                ChapterNumber = chapter.Item1,
                Section = chapter.Item2,
                Title = TitleOf(r.Row),
                Text = r.Row.Content.Length > 0 ? r.Row.Content : r.Row.Title,
                Line = r.Row.Row,
                Lead = lead,
                Supporting = r.Units.Supporting.Select(Canon).Distinct().Where(s => !lead.Contains(s)).ToList(),
                Townships = r.Units.Townships,
                Deadlines = r.Deadlines,
                Recurrence = r.Recurrence,
                IsContinuous = r.Deadlines.Count == 0 && r.IsContinuous,
                Subitems = subitems,
            });
            taskRows[tasks.Count] = r.Row.Row;
        }

        var plan = new ParsedPlan
        {
            Title = title,
            Region = region,
            PlanYear = planYear,
            Chapters = chapters,
            Tasks = tasks,
            Units = units.Units,
        };
        return new LedgerReading(plan, problems.OrderBy(p => p.Row).ToList(), taskRows);
    }

    private static Reading? Read(LedgerRow row, int? planYear, List<LedgerProblem> problems, SubordinateAreas areas)
    {
        var before = problems.Count;
        if (row.Title.Length == 0 && row.Content.Length == 0)
            problems.Add(new LedgerProblem(row.Row, "缺少任务名称（任务名称、任务内容均为空）"));

        var units = ReadUnits(row, problems, areas);
        var (deadlines, recurrence, continuous) = ReadDeadlines(row, planYear, problems);
        return problems.Count > before ? null : new Reading(row, units, deadlines, recurrence, continuous, []);
    }

    /// <summary>牵头 cell: everyone named leads (unless it says otherwise); 配合 cell: everyone supports; 落实乡镇: towns.</summary>
    private static RawResponsibility ReadUnits(LedgerRow row, List<LedgerProblem> problems, SubordinateAreas areas)
    {
        var result = new RawResponsibility();
        var towns = new List<string>();
        var all = false;

        void Take(RawResponsibility r, bool supporting)
        {
            (supporting ? result.Supporting : result.Lead).AddRange(r.Lead);
            result.Supporting.AddRange(r.Supporting);
            if (r.Townships.Kind == TownshipScopeKind.All) all = true;
            towns.AddRange(r.Townships.Names);
            foreach (var bad in r.Unreadable) problems.Add(new LedgerProblem(row.Row, $"无法识别的单位「{bad}」"));
        }

        if (row.Lead.Length > 0) Take(ResponsibilityParser.Parse(row.Lead, areas: areas), supporting: false);
        if (row.Supporting.Length > 0) Take(ResponsibilityParser.Parse(row.Supporting, areas: areas), supporting: row.Lead.Length > 0);
        foreach (var item in ResponsibilityParser.SplitItems(row.Townships))
        {
            if (TownshipPhrases.IsCollective(item) || item is "全部" or "各乡镇" or "所有乡镇") all = true;
            else if (TownshipPhrases.NamedTownship(item) is { } town) towns.Add(town);
            else if (areas.AreaOf(item) is { } area) towns.Add(area);
            else if (TownName().IsMatch(item)) towns.Add(item);
            else problems.Add(new LedgerProblem(row.Row, $"无法识别的落实乡镇「{item}」"));
        }

        if (result.Lead.Count == 0 && result.Supporting.Count == 0 && !all && towns.Count == 0
            && problems.All(p => p.Row != row.Row))
            problems.Add(new LedgerProblem(row.Row, "未填写牵头单位或责任单位"));

        // As in the document rules: a row that names no 牵头 makes its responsible units joint leads.
        if (result.Lead.Count == 0) { result.Lead.AddRange(result.Supporting); result.Supporting.Clear(); }
        var lead = result.Lead.Distinct().ToList();
        var supportingUnits = result.Supporting.Distinct().Where(s => !lead.Contains(s)).ToList();
        result.Lead.Clear();
        result.Lead.AddRange(lead);
        result.Supporting.Clear();
        result.Supporting.AddRange(supportingUnits);
        result.Townships = all ? TownshipScope.All : towns.Count > 0 ? TownshipScope.Of(towns) : TownshipScope.None;
        return result;
    }

    /// <summary>
    /// Real dates as they are; text through the document's deadline rules. Ledgers usually omit the 前 the rules look for
    /// (2025年10月31日, 2025.10.31, 2025年10月底), so each piece is read again with it added before giving up.
    /// </summary>
    private static (List<ParsedDeadline>, string?, bool) ReadDeadlines(LedgerRow row, int? planYear, List<LedgerProblem> problems)
    {
        var deadlines = row.DeadlineDates.Select(d => new ParsedDeadline(d, $"{d.Year}年{d.Month}月{d.Day}日前")).ToList();
        var text = row.DeadlineText.Trim();
        // 未明确时限 is what the ledger export writes for a task without a deadline (DeadlineWording).
        if (text.Length == 0 || text is "—" or "-" or "无" or "/" or DeadlineWording.Unstated) return (deadlines, null, false);

        // A line of the 完成时限 column that is only a year (2024年) is that year's target: due by its end, as the same
        // year opening a sentence is in a plan's text.
        var reading = DeadlineParser.Read(BareYear().Replace(text, "$1年底前"), planYear);
        deadlines.AddRange(reading.Deadlines);
        var recurrence = reading.Recurrence;
        var continuous = reading.IsContinuous;
        if (reading.Deadlines.Count == 0)
        {
            foreach (var piece in Pieces().Split(text).Select(p => p.Trim()).Where(p => p.Length > 0))
            {
                var again = DeadlineParser.Read(WithBefore(piece), planYear);
                deadlines.AddRange(again.Deadlines);
            }
        }
        if (deadlines.Count == 0 && recurrence is null && !continuous)
            problems.Add(new LedgerProblem(row.Row, $"无法识别的完成时限「{text}」"));
        return (deadlines.DistinctBy(d => d.Date).OrderBy(d => d.Date).ToList(), recurrence, continuous);
    }

    private static string WithBefore(string piece)
    {
        var m = NumericDate().Match(piece);
        if (m.Success) piece = $"{m.Groups[1].Value}年{int.Parse(m.Groups[2].Value)}月{int.Parse(m.Groups[3].Value)}日";
        piece = piece.TrimEnd('。', '；', ';');
        if (piece.EndsWith("之前")) return piece;
        if (piece.EndsWith('前')) return piece;
        if (piece.EndsWith('号')) piece = piece[..^1] + "日";
        return piece + "前";
    }

    private static string TitleOf(LedgerRow row) => row.Title.Length > 0 ? row.Title : StructureReader.TitleOf(row.Content);

    /// <summary>三、主要任务 → (三, 主要任务); text without a number is its own title.</summary>
    private static (string, string) SplitChapter(string text)
    {
        var m = ChapterNumber().Match(text);
        return m.Success ? (m.Groups[1].Value, m.Groups[2].Value.Trim()) : (text, text);
    }

    [GeneratedRegex(@"^([一二三四五六七八九十百零〇]+)[、.．]\s*(.*)$")] private static partial Regex ChapterNumber();
    [GeneratedRegex(@"[\n；;，,、]")] private static partial Regex Pieces();
    [GeneratedRegex(@"^(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})")] private static partial Regex NumericDate();
    [GeneratedRegex(@"(镇|乡|街道|办事处|开发区|示范区|园区|管委会)$")] private static partial Regex TownName();

    [GeneratedRegex(@"(?m)^\s*(\d{4})年\s*$")]
    private static partial Regex BareYear();
}
