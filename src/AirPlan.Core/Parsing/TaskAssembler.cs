namespace AirPlan.Core.Parsing;

/// <summary>
/// Turns raw items into <see cref="ParsedTask"/>s: interprets their blocks, normalises unit names plan-wide,
/// applies the plan-wide township sentence and rolls sub-items up into their task.
/// </summary>
internal static class TaskAssembler
{
    public sealed record Output(IReadOnlyList<ParsedTask> Tasks, IReadOnlyList<ParsedUnit> Units);

    private sealed record Interpreted(RawItem Item, RawResponsibility Responsibility, List<Interpreted> Subitems);

    /// <param name="firstListedLeads">The document says 列第一位者为牵头单位 (ResponsibilityParser).</param>
    /// <param name="form">Gives titles, text, sections and deadline words back in the document's own characters.</param>
    public static Output Assemble(List<RawChapter> chapters, PlanMetadata meta, PlanParserOptions options, List<ParseWarning> warnings,
        bool firstListedLeads = false, ScriptForm? form = null)
    {
        form ??= ScriptForm.Simplified;
        var normalizer = new UnitNormalizer(meta.Region, options.UnitAliases);
        var areas = new SubordinateAreas(meta.Region, options.Subdivisions);
        var interpreted = new List<Interpreted>();
        foreach (var chapter in chapters.Where(c => c.HasTasks))
        {
            foreach (var item in chapter.Items)
            {
                var subs = item.Subitems.Select(s => new Interpreted(s, Interpret(s, normalizer, warnings, firstListedLeads, areas), [])).ToList();
                interpreted.Add(new Interpreted(item, Interpret(item, normalizer, warnings, firstListedLeads, areas), subs));
                if (!item.HasAnyBlock)
                    warnings.Add(new ParseWarning(item.Line, $"任务“{item.Number}”未找到责任单位"));
            }
        }
        CheckNumbering(interpreted, warnings);

        var units = normalizer.Build();
        TownshipScope? planWide = null;
        var tasks = new List<ParsedTask>();
        var order = 0;
        foreach (var t in interpreted)
        {
            planWide = t.Responsibility.PlanWideTownships ?? planWide;
            foreach (var s in t.Subitems) planWide = s.Responsibility.PlanWideTownships ?? planWide;

            var subitems = t.Subitems.Select((s, i) => Build(s, i + 1, [], units, planWide, meta.PlanYear, form)).ToList();
            tasks.Add(Build(t, ++order, subitems, units, planWide, meta.PlanYear, form));
        }
        return new Output(tasks, units.Units);
    }

    private static RawResponsibility Interpret(RawItem item, UnitNormalizer normalizer, List<ParseWarning> warnings, bool firstListedLeads,
        SubordinateAreas areas)
    {
        var merged = new RawResponsibility();
        var leads = new List<string>();
        var supporting = new List<string>();
        var scopes = new List<TownshipScope>();
        foreach (var (line, block) in item.Blocks)
        {
            var r = ResponsibilityParser.Parse(block, firstListedLeads, areas);
            leads.AddRange(r.Lead);
            supporting.AddRange(r.Supporting);
            scopes.Add(r.Townships);
            merged.PlanWideTownships ??= r.PlanWideTownships;
            foreach (var bad in r.Unreadable)
                warnings.Add(new ParseWarning(line, $"无法识别的责任单位“{bad}”"));
            if (r.IsEmpty && r.Unreadable.Count == 0)
                warnings.Add(new ParseWarning(line, $"无法识别的责任单位块“{block}”"));
        }
        // Mengjin's 牵头单位 and 责任单位 come as two blocks; 责任单位 is supporting once any block names a lead.
        var split = ResponsibilityParser.Parse(string.Join("，", item.Blocks.Select(b => b.Block)), firstListedLeads, areas);
        if (item.Blocks.Count > 1) { leads = split.Lead; supporting = split.Supporting; }
        foreach (var u in leads.Concat(supporting)) normalizer.Add(u);
        merged.Lead.AddRange(leads.Distinct());
        merged.Supporting.AddRange(supporting.Distinct().Where(s => !leads.Contains(s)));

        var named = TownshipPhrases.FindNamedInText(item.Body);
        merged.Townships = Combine(scopes);
        if (merged.Townships.Kind == TownshipScopeKind.None && named.Count > 0) merged.Townships = TownshipScope.Of(named);
        return merged;
    }

    private static TownshipScope Combine(IEnumerable<TownshipScope> scopes)
    {
        var list = scopes.ToList();
        if (list.Any(s => s.Kind == TownshipScopeKind.All)) return TownshipScope.All;
        var names = list.Where(s => s.Kind == TownshipScopeKind.Named).SelectMany(s => s.Names).ToList();
        return names.Count > 0 ? TownshipScope.Of(names) : TownshipScope.None;
    }

    private static ParsedTask Build(Interpreted t, int order, List<ParsedTask> subitems, UnitNormalizer.Result units, TownshipScope? planWide, int? planYear,
        ScriptForm form)
    {
        string Canon(string n) => units.CanonicalOf.TryGetValue(n, out var c) ? c : n;
        var item = t.Item;
        var reading = DeadlineParser.Read(item.Body, planYear);

        var lead = t.Responsibility.Lead.Select(Canon).Concat(subitems.SelectMany(s => s.Lead)).Distinct().ToList();
        var supporting = t.Responsibility.Supporting.Select(Canon).Concat(subitems.SelectMany(s => s.Supporting))
            .Distinct().Where(s => !lead.Contains(s)).ToList();
        var deadlines = reading.Deadlines.Select(d => d with { Text = form.Restore(d.Text, item.Line) })
            .Concat(subitems.SelectMany(s => s.Deadlines))
            .DistinctBy(d => (d.Date, d.Text)).OrderBy(d => d.Date).ToList();

        // Own scope first; an item whose own text names towns is narrower than the plan-wide "all".
        var own = t.Responsibility.Townships;
        var scope = own.Kind != TownshipScopeKind.None ? own
            : Combine(subitems.Select(s => s.Townships)) is { Kind: not TownshipScopeKind.None } fromSubs ? fromSubs
            : planWide ?? TownshipScope.None;

        return new ParsedTask
        {
            Number = item.Number,
            Order = order,
            ChapterNumber = item.ChapterNumber,
            Section = form.Restore(item.Section),
            // The first paragraph's sentence: a heading on its own line (（一）坚决遏制“两高”项目盲目发展) is the whole title, not
            // the start of one run together with the paragraph after it.
            Title = form.Restore(StructureReader.TitleOf(item.Heading ?? item.BodyParts.FirstOrDefault(p => p.Trim().Length > 0) ?? item.Body), item.Line),
            Text = form.Restore(item.Text, item.Line),
            Line = item.Line,
            Lead = lead,
            Supporting = supporting,
            Townships = scope,
            Deadlines = deadlines,
            PeriodEnds = reading.PeriodEnds.Select(d => d with { Text = form.Restore(d.Text, item.Line) }).Concat(subitems.SelectMany(s => s.PeriodEnds)).ToList(),
            Recurrence = (reading.Recurrence is { } words ? form.Restore(words, item.Line) : null) ?? subitems.Select(s => s.Recurrence).FirstOrDefault(r => r is not null),
            IsContinuous = deadlines.Count == 0 && (reading.IsContinuous || subitems.Any(s => s.IsContinuous)),
            Subitems = subitems,
        };
    }

    /// <summary>Numbers run on (1, 2, 3 …) or restart at 1 with a chapter or section; anything else is likely a misread item.</summary>
    private static void CheckNumbering(List<Interpreted> items, List<ParseWarning> warnings)
    {
        var previous = 0;
        var previousChapter = "";
        var previousSection = "";
        foreach (var i in items)
        {
            var n = NumberValue(i.Item.Number);
            if (n == 0) continue;
            var restarts = n == 1 && (i.Item.ChapterNumber != previousChapter || i.Item.Section != previousSection);
            var ok = n == previous + 1 || restarts || previous == 0;
            if (!ok)
                warnings.Add(new ParseWarning(i.Item.Line, $"任务编号“{i.Item.Number}”与上一条编号不连续，可能漏读或多读了条目"));
            previous = n;
            previousChapter = i.Item.ChapterNumber;
            previousSection = i.Item.Section;
        }
    }

    private static int NumberValue(string number)
    {
        var digits = number.Trim('（', '）');
        if (digits.Length == 1 && Numbering.CircledToInt(digits[0]) is > 0 and var circled) return circled;
        return int.TryParse(digits, out var n) ? n : Numbering.ChineseToInt(digits);
    }
}
