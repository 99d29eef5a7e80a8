using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>Who a block names, before unit names are normalised. Names are as written (等/负责… removed).</summary>
internal sealed class RawResponsibility
{
    public List<string> Lead { get; } = [];
    public List<string> Supporting { get; } = [];
    public TownshipScope Townships { get; set; } = TownshipScope.None;
    /// <summary>Set by 以下各项任务均需…负责落实，不再列出: the scope every later task inherits.</summary>
    public TownshipScope? PlanWideTownships { get; set; }
    /// <summary>Pieces that could not be read as a unit, for warnings.</summary>
    public List<string> Unreadable { get; } = [];

    public bool IsEmpty => Lead.Count == 0 && Supporting.Count == 0 && Townships.Kind == TownshipScopeKind.None && PlanWideTownships is null;
}

/// <summary>
/// Reads a responsibility block in any of the seed layouts: 牵头单位：…/责任单位：… lines, （A牵头，B配合，C负责落实）,
/// （A、B按职责分工负责）, （A负责）, （牵头单位：…，配合单位：…，责任单位：…） and mixtures of these; labels
/// (Numbering.UnitLabelPattern: …单位/…部门) with or without their colon or the separator before them.
/// </summary>
internal static partial class ResponsibilityParser
{
    private enum Role { Unknown, Lead, Supporting, Responsible, Carry }

    // Longest first: 按职责分工负责 must win over 负责, 负责落实 over 负责.
    private static readonly (string Word, Role Role)[] Suffixes =
    [
        ("按照职责分工负责", Role.Responsible), ("按职责分工负责", Role.Responsible), ("按职责负责", Role.Responsible),
        ("分别负责", Role.Responsible), ("共同负责", Role.Responsible), ("牵头负责", Role.Lead),
        ("负责落实", Role.Carry), ("配合落实", Role.Carry), ("具体落实", Role.Carry),
        ("牵头", Role.Lead), ("主责", Role.Lead), ("配合", Role.Supporting), ("参与", Role.Supporting), ("协助", Role.Supporting),
        ("负责", Role.Responsible), ("落实", Role.Carry),
    ];

    private static Role RoleOfLabel(string label) => label[..2] switch
    {
        "牵头" or "主办" or "主责" => Role.Lead,
        "配合" or "参与" or "协办" => Role.Supporting,
        _ => Role.Responsible,
    };

    /// <param name="block">The block's text: a label line or the content of a closing bracket.</param>
    /// <param name="firstListedLeads">
    /// The document says 列第一位者为牵头单位 (or 排在第一位的为牵头单位): in a block that names no lead, the first unit
    /// listed leads and the others support, instead of all of them leading jointly.
    /// </param>
    /// <param name="areas">The areas below the plan's region: a government of one of them is where the task is carried out.</param>
    public static RawResponsibility Parse(string block, bool firstListedLeads = false, SubordinateAreas? areas = null)
    {
        var result = new RawResponsibility();
        var text = block.Replace('〔', '（').Replace('〕', '）').Replace(" ", "");
        var statement = FirstListedStatement().Match(text);
        if (statement.Success)
        {
            firstListedLeads = true;
            text = text.Remove(statement.Index, statement.Length);
        }
        // 牵头单位：A配合单位：B — a label run into the previous list without its separator starts a clause all the same.
        text = LabelWithoutSeparator().Replace(text, "，");

        var planWide = PlanWideSentence().Match(text);
        if (planWide.Success)
        {
            result.PlanWideTownships = ScopeOf(SplitItems(planWide.Groups[1].Value));
            text = text.Remove(planWide.Index, planWide.Length);
        }

        var clauses = SplitTopLevel(text, "，；。");
        var labelRole = Role.Unknown;
        var responsible = new List<string>();
        var lead = new List<string>();
        var supporting = new List<string>();
        var townships = new List<string>();
        var all = false;

        foreach (var rawClause in clauses)
        {
            var clause = rawClause;
            var label = LabelAtStart().Match(clause);
            if (label.Success) { labelRole = RoleOfLabel(label.Value); clause = clause[label.Length..]; }

            // Yichuan writes （A牵头、B、C按职责分工负责）: a role word can close a run in the middle of a clause.
            foreach (var (run, suffixRole) in SplitRuns(clause))
            {
                var role = suffixRole != Role.Unknown ? suffixRole : labelRole;
                foreach (var item in SplitItems(run))
                {
                    if (TownshipPhrases.IsCollective(item)) { all = true; continue; }
                    var town = TownshipPhrases.NamedTownship(item);
                    if (town is not null && (role == Role.Carry || IsTownBody(item))) { townships.Add(town); continue; }
                    if (areas?.AreaOf(item) is { } area) { townships.Add(area); continue; }
                    if (!LooksLikeUnit(item)) { result.Unreadable.Add(item); continue; }
                    switch (role)
                    {
                        case Role.Lead: lead.Add(item); break;
                        case Role.Supporting: case Role.Carry: supporting.Add(item); break;
                        default: responsible.Add(item); break;
                    }
                }
            }
        }

        // A block that names no 牵头 makes everyone it holds responsible a joint lead — unless the document says the
        // first-listed unit leads.
        if (lead.Count == 0 && firstListedLeads && responsible.Count > 0)
        {
            lead.Add(responsible[0]);
            supporting.InsertRange(0, responsible.Skip(1));
        }
        else if (lead.Count == 0) lead.AddRange(responsible);
        else supporting.InsertRange(0, responsible);

        result.Lead.AddRange(lead.Distinct());
        result.Supporting.AddRange(supporting.Distinct().Where(s => !lead.Contains(s)));
        result.Townships = all ? TownshipScope.All : townships.Count > 0 ? TownshipScope.Of(townships) : TownshipScope.None;
        return result;
    }

    private static TownshipScope ScopeOf(IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Any(TownshipPhrases.IsCollective)) return TownshipScope.All;
        var named = list.Select(TownshipPhrases.NamedTownship).OfType<string>().ToList();
        return named.Count > 0 ? TownshipScope.Of(named) : TownshipScope.All;
    }

    private static bool IsTownBody(string item) => TownBody().IsMatch(item);

    /// <summary>Splits a clause after each role word: "A牵头、B、C按职责分工负责" → (A, Lead), (B、C, Responsible).</summary>
    private static IEnumerable<(string Run, Role Role)> SplitRuns(string clause)
    {
        var start = 0;
        var i = 0;
        while (i < clause.Length)
        {
            var matched = false;
            foreach (var (word, role) in Suffixes)
            {
                if (string.CompareOrdinal(clause, i, word, 0, word.Length) != 0) continue;
                var end = i + word.Length;
                // A role word only closes a run at the end of the clause or before a list separator.
                if (end < clause.Length && clause[end] != '、') continue;
                yield return (clause[start..i], role);
                i = end;
                if (i < clause.Length && clause[i] == '、') i++;
                start = i;
                matched = true;
                break;
            }
            if (!matched) i++;
        }
        if (start < clause.Length) yield return (clause[start..], Role.Unknown);
    }

    /// <summary>Splits a unit list on 、 outside parentheses and cleans each name.</summary>
    public static List<string> SplitItems(string run) =>
        SplitTopLevel(run, "、，,；;")
            .Select(CleanItem)
            .Where(s => s.Length > 0)
            .ToList();

    private static string CleanItem(string s)
    {
        s = s.Trim().Trim('：', '。');
        s = LeadingFiller().Replace(s, "");
        s = TrailingFiller().Replace(s, "");
        return s.Trim();
    }

    private static List<string> SplitTopLevel(string text, string separators)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '（' or '〔') depth++;
            else if (c is '）' or '〕') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && separators.Contains(c))
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }

    private const string UnitEndings = "局委会办处心司社段站关行院所队部厅署室组府";

    /// <summary>A unit name is short and ends like one (局, 委, 中心, 公司 …), possibly followed by a note in parentheses.</summary>
    public static bool LooksLikeUnit(string item)
    {
        var core = TrailingNote().Replace(item, "");
        return core.Length is >= 2 and <= 30 && UnitEndings.Contains(core[^1]) && !core.Contains('。');
    }

    [GeneratedRegex(@"以下(?:各项)?任务(?:均需|均由|均)(.+?)(?:负责落实|落实)，?不再(?:一一)?列出[。，]?")] private static partial Regex PlanWideSentence();
    /// <summary>True when the text states that the first-listed unit of a list leads (列第一位者为牵头单位).</summary>
    public static bool StatesFirstListedLeads(string text) => FirstListedStatement().IsMatch(text);

    // Starts with its verb (列/排), so the search costs next to nothing on text that has no such statement.
    [GeneratedRegex(@"(?:列|排)(?:在|于)?(?:第一位|首位)(?:者|的|单位)?(?:为|是|即为)牵头(?:单位|部门)?(?:，?下同)?")]
    private static partial Regex FirstListedStatement();
    [GeneratedRegex("^" + Numbering.UnitLabelPattern + "：?")] private static partial Regex LabelAtStart();
    [GeneratedRegex("(?<=[^，；。：（、各有关相应其])(?=" + Numbering.UnitLabelPattern + ")")] private static partial Regex LabelWithoutSeparator();
    [GeneratedRegex(@"^(?:由|其中|以及|和)")] private static partial Regex LeadingFiller();
    [GeneratedRegex(@"(?:等(?:部门|单位)?|等有关单位|各自)$")] private static partial Regex TrailingFiller();
    [GeneratedRegex(@"（[^（）]*）$")] private static partial Regex TrailingNote();
    [GeneratedRegex(@"(镇|乡|街道)(人民政府|政府|办事处|办)?$")] private static partial Regex TownBody();
}
