namespace AirPlan.Core.Parsing;

/// <summary>Options that let the app feed its curated data back into parsing.</summary>
public sealed class PlanParserOptions
{
    /// <summary>Extra variant → canonical unit names (the editable alias table). Applied before the built-in normalisation.</summary>
    public IReadOnlyDictionary<string, string> UnitAliases { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Names of the divisions one level below the plan's region (a county's towns and streets, a city's counties and
    /// districts), when the app knows the region: a government of one of them named in a block is a scope, not a unit
    /// (<see cref="SubordinateAreas"/>). Empty: the parser judges by the names' level alone.
    /// </summary>
    public IReadOnlyCollection<string> Subdivisions { get; init; } = [];
}

/// <summary>
/// Turns a plan document's text into a <see cref="ParsedPlan"/>. Never throws on odd text: problems become warnings, and
/// a text beyond <see cref="PlanLimits"/> is not parsed at all (<see cref="ParsedPlan.Refusal"/> says why).
/// </summary>
public static class PlanParser
{
    public static ParsedPlan Parse(string text, PlanParserOptions? options = null)
    {
        if (PlanLimits.Check(text ?? "") is { } refusal)
            return new ParsedPlan { Refusal = refusal, Warnings = [new ParseWarning(1, refusal)] };
        try
        {
            return ParseCore(text ?? "", options ?? new PlanParserOptions());
        }
        catch (Exception ex)
        {
            // The parser must not take the app down on a document nobody has seen yet; say what happened instead.
            return new ParsedPlan { Warnings = [new ParseWarning(1, $"解析时发生内部错误（{ex.GetType().Name}：{ex.Message}），结果不可用")] };
        }
    }

    private static ParsedPlan ParseCore(string text, PlanParserOptions options)
    {
        var warnings = new List<ParseWarning>();
        if (string.IsNullOrWhiteSpace(text))
            return new ParsedPlan { Warnings = [new ParseWarning(1, "文件内容为空，没有可解析的文本")] };
        if (LooksBinary(text))
            return new ParsedPlan { Warnings = [new ParseWarning(1, "内容不是可读的文本（含大量控制字符或乱码），请确认文件为 UTF-8 文本")] };

        // Traditional-character plans are read through their simplified form and given back as written (ScriptForm).
        var (lines, form) = ScriptForm.Read(TextCleaner.Clean(text));
        var meta = MetadataReader.Read(lines);
        var paragraphs = ParagraphJoiner.Join(lines);
        var chapters = StructureReader.Read(paragraphs, warnings);
        // 列第一位者为牵头单位 may stand anywhere: in the notice, a chapter's opening, a footnote or a block.
        var firstListedLeads = lines.Any(l => ResponsibilityParser.StatesFirstListedLeads(l.Text))
                               || paragraphs.Any(p => ResponsibilityParser.StatesFirstListedLeads(p.Text));

        if (meta.Title.Length == 0) warnings.Add(new ParseWarning(1, "未找到方案标题"));
        if (chapters.Count == 0 || chapters.All(c => c.Items.Count == 0 && c.Context.Count == 0))
            warnings.Add(new ParseWarning(1, "未识别到章节或编号条目（如“一、”“（一）”“1．”），文档结构无法理解"));

        var assembled = TaskAssembler.Assemble(chapters, meta, options, warnings, firstListedLeads, form);
        if (assembled.Tasks.Count == 0 && chapters.Count > 0)
            warnings.Add(new ParseWarning(chapters[0].Line, $"未找到任何标明责任单位的工作任务"));

        var goalTexts = chapters.Where(c => !c.HasTasks).SelectMany(c => c.Context.Concat(c.Items.Select(i => i.Text)));
        return new ParsedPlan
        {
            Title = form.Restore(meta.Title),
            DocNumber = meta.DocNumber is null ? null : form.Restore(meta.DocNumber),
            Issuer = meta.Issuer is null ? null : form.Restore(meta.Issuer),
            IssuedOn = meta.IssuedOn,
            PlanYear = meta.PlanYear,
            Region = meta.Region,
            Targets = TargetReader.Read(goalTexts).Select(t => t with { Text = form.Restore(t.Text) }).ToList(),
            Chapters = chapters.Where(c => c.Number.Length > 0)
                .Select(c => new ParsedChapter(c.Number, form.Restore(c.Title, c.Line), c.Line, c.HasTasks)).ToList(),
            Tasks = assembled.Tasks,
            Units = assembled.Units,
            Warnings = warnings.OrderBy(w => w.Line).ToList(),
        };
    }

    /// <summary>Control characters or U+FFFD in quantity mean bytes that were never text.</summary>
    private static bool LooksBinary(string text)
    {
        var sample = text.Length > 20000 ? text[..20000] : text;
        var bad = sample.Count(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t')));
        return bad > 0 && bad * 20 > sample.Length;
    }
}
