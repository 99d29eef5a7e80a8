using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>
/// Gives every unit of one plan a single canonical name. Rules (see docs/decisions/001-parser-rules.md):
/// 1. the editable alias table (PlanParserOptions.UnitAliases) is applied first, to the name as written;
/// 2. a bare department name gets the plan's level prefix (区/县/市/示范区) — what a reader does with
///    "县交通运输局、公安局" — and the plan's full region name is shortened to that prefix (伊川县机关… → 县机关…);
/// 3. names that are equal after well-known abbreviations (市场监督管理局 = 市场监管局) or that are the same characters
///    in another order / one character off on a long name with the same start and end are one unit (typo merge);
/// 4. the canonical spelling is the most frequent one (ties: the longer, then the first seen); the rest are aliases.
/// </summary>
internal sealed partial class UnitNormalizer
{
    private static readonly (string Long, string Short)[] Abbreviations =
    [
        ("市场监督管理局", "市场监管局"),
        ("自然资源和规划局", "自然资源局"),
        ("住房和城乡建设局", "住房城乡建设局"),
        ("发展和改革委员会", "发展改革委"),
    ];

    private readonly string? _levelPrefix;
    private readonly string? _regionName;
    private readonly string? _placeName;
    private readonly IReadOnlyDictionary<string, string> _aliases;
    private readonly List<string> _mentions = [];

    public UnitNormalizer(string? region, IReadOnlyDictionary<string, string>? aliases)
    {
        _regionName = region;
        _levelPrefix = LevelPrefixOf(region);
        _placeName = region is { Length: >= 2 } ? region[..2] : null;
        _aliases = aliases ?? new Dictionary<string, string>();
    }

    /// <summary>区 for 孟津区, 县 for 伊川县, 市 for 漯河市/孟州市, 示范区 for 济源产城融合示范区.</summary>
    public static string? LevelPrefixOf(string? region) => region switch
    {
        null or "" => null,
        _ when region.EndsWith("示范区") => "示范区",
        _ when region.EndsWith('区') => "区",
        _ when region.EndsWith('县') => "县",
        _ when region.EndsWith('市') => "市",
        _ when region.EndsWith('省') => "省",
        _ => null,
    };

    /// <summary>How many name pairs the last <see cref="Build"/> compared: the work that must not grow with repetitions.</summary>
    internal int Comparisons { get; private set; }

    /// <summary>Records one mention of a unit as written; frequencies decide the canonical spelling.</summary>
    public void Add(string written) => _mentions.Add(written);

    public sealed record Result(IReadOnlyDictionary<string, string> CanonicalOf, IReadOnlyList<ParsedUnit> Units);

    public Result Build()
    {
        // Only expand bare names when the plan itself writes its level prefix on units; otherwise we would invent one.
        var usePrefix = _levelPrefix is not null && _mentions.Any(m => HasOwnLevelPrefix(m));
        var expanded = _mentions.Select(m => (Written: m, Name: Expand(m, usePrefix))).ToList();

        // A mention joins the first group holding a name SameUnit accepts. That depends only on the name, so each distinct
        // name is placed once and compared only with the groups' distinct names: comparing every mention with every
        // earlier mention made a plan with thousands of tasks quadratic (most of the parse time at a few MB).
        var groups = new List<List<(string Written, string Name)>>();
        var namesOf = new List<List<string>>();
        var groupOfName = new Dictionary<string, int>();
        Comparisons = 0;
        foreach (var mention in expanded)
        {
            if (!groupOfName.TryGetValue(mention.Name, out var index))
            {
                index = namesOf.FindIndex(names => names.Any(n => { Comparisons++; return SameUnit(n, mention.Name); }));
                if (index < 0)
                {
                    index = groups.Count;
                    groups.Add([]);
                    namesOf.Add([]);
                }
                namesOf[index].Add(mention.Name);
                groupOfName[mention.Name] = index;
            }
            groups[index].Add(mention);
        }

        var canonicalOf = new Dictionary<string, string>();
        var units = new List<ParsedUnit>();
        foreach (var group in groups)
        {
            var canonical = group
                .GroupBy(x => x.Name)
                .OrderByDescending(g => g.Count())
                .ThenByDescending(g => g.Key.Length)
                .ThenBy(g => group.FindIndex(x => x.Name == g.Key))
                .First().Key;
            foreach (var (written, _) in group) canonicalOf[written] = canonical;
            var aliases = group.SelectMany(x => new[] { x.Written, x.Name })
                .Where(n => n != canonical).Distinct().ToList();
            units.Add(new ParsedUnit(canonical, aliases));
        }
        return new Result(canonicalOf, units);
    }

    private string Expand(string written, bool usePrefix)
    {
        var name = _aliases.TryGetValue(written, out var aliased) ? aliased : written;
        var note = TrailingNote().Match(name);
        if (note.Success && name.Length - note.Length >= 2) name = name[..note.Index];
        if (_regionName is not null && _levelPrefix is not null && name.StartsWith(_regionName) && name.Length > _regionName.Length + 1)
            name = _levelPrefix + name[_regionName.Length..];
        if (usePrefix && IsBare(name)) name = _levelPrefix + name;
        return _aliases.TryGetValue(name, out var again) ? again : name;
    }

    private bool HasOwnLevelPrefix(string name) =>
        _levelPrefix is not null && name.StartsWith(_levelPrefix) && !name.StartsWith("市场");

    /// <summary>A department named without any level or place: 公安局, 住建局, 市场监管局 (市场 is not 市).</summary>
    private bool IsBare(string name)
    {
        if (name.StartsWith("市市场")) return false;
        if (name.StartsWith("市场")) return true;
        if (LevelOrPlaceStart().IsMatch(name)) return false;
        if (_placeName is not null && name.Contains(_placeName)) return false;
        // Zone bodies (高新区管委会) and township bodies carry their own place.
        return !name.EndsWith("管委会") && !name.EndsWith("管理办公室") && !PlaceInside().IsMatch(name);
    }

    public static bool SameUnit(string a, string b)
    {
        if (a == b) return true;
        var ka = AbbreviationKey(a);
        var kb = AbbreviationKey(b);
        if (ka == kb) return true;
        if (ka.Length != kb.Length && Math.Abs(ka.Length - kb.Length) != 1) return false;
        if (ka.Length < 6 || ka[..2] != kb[..2] || ka[^1] != kb[^1]) return false;
        // Same characters in another order: 工业信息化和商务局 / 工业化信息和商务局, 发展改革和统计局 / 发展和改革统计局.
        if (ka.Length == kb.Length && ka.Order().SequenceEqual(kb.Order())) return true;
        // One character off on a long name with the same start and end (a dropped or mistyped character).
        return ka.Length >= 8 && ka[^2..] == kb[^2..] && EditDistance(ka, kb) == 1;
    }

    private static string AbbreviationKey(string name)
    {
        foreach (var (longForm, shortForm) in Abbreviations) name = name.Replace(longForm, shortForm);
        return name;
    }

    public static int EditDistance(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var prev = d[0];
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = tmp;
            }
        }
        return d[b.Length];
    }

    [GeneratedRegex(@"^(示范区|区|县|市|省|国家|中国|国网|人行|中共|[\u4e00-\u9fa5]{2,4}(省|市|县))")] private static partial Regex LevelOrPlaceStart();
    [GeneratedRegex(@"[\u4e00-\u9fa5]{2}(市|县|区)[\u4e00-\u9fa5]*分")] private static partial Regex PlaceInside();
    [GeneratedRegex(@"（[^（）]*）$")] private static partial Regex TrailingNote();
}
