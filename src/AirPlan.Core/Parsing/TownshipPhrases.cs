using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>
/// Recognises the township level in unit lists and text: collective phrases that mean "every township/street/zone"
/// (各乡镇政府、街道办) and named towns (克井镇人民政府 → 克井镇). A collective phrase names the governments one level
/// below the plan's, whatever that level is: 各乡镇人民政府、街道办事处 in a county plan, 各县（市、区）人民政府、开发区管委会
/// or 各区县政府 in a city plan, 各省辖市人民政府 in a province plan — it sets the scope to all of them, never a unit.
/// The same holds for one of them by name (<see cref="SubordinateAreas"/>): 郾城区人民政府 in 漯河市's plan, 城关镇人民政府
/// in a county's, is where the task is carried out.
/// </summary>
internal static partial class TownshipPhrases
{
    // Words that only name the kind of body, never a particular place; a phrase made of them alone is collective.
    private static readonly string[] GenericWords =
    [
        "人民政府", "管理办公室", "管委会", "办事处", "政府", "乡镇", "街道", "开发区", "县区", "县（市、区）", "县市区",
        "省辖市", "地级市", "示范区", "园区", "镇", "乡", "区", "县", "市", "旗", "州", "办", "和", "及", "与",
        "（", "）", "、", "〔", "〕",
    ];

    /// <summary>各镇（街道、开发区）政府（办事处、管委会）, 各乡镇办事处, 镇人民政府和街道办事处, 四个办事处 …</summary>
    public static bool IsCollective(string phrase)
    {
        var p = CollectivePrefix().Replace(phrase, "");
        if (p.Length == 0) return false;
        var rest = p;
        foreach (var w in GenericWords) rest = rest.Replace(w, "");
        return rest.Length == 0;
    }

    /// <summary>克井镇人民政府 → 克井镇; 城关街道办事处 → 城关街道; null when the phrase is not one township body.</summary>
    public static string? NamedTownship(string phrase)
    {
        if (IsCollective(phrase)) return null;
        var m = NamedBody().Match(phrase);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Named township bodies mentioned in running text (督促指导克井镇人民政府、五龙口镇人民政府制定…).</summary>
    public static List<string> FindNamedInText(string text)
    {
        var names = new List<string>();
        foreach (Match m in InTextBody().Matches(text))
        {
            var end = m.Index;
            var start = end;
            // Place names are short and follow punctuation, a conjunction or a verb such as 指导.
            while (start > 0 && end - start < 6 && !Stop(text[start - 1])) start--;
            var name = text[start..end];
            foreach (var verb in LeadingVerbs)
            {
                var at = name.LastIndexOf(verb, StringComparison.Ordinal);
                if (at >= 0) name = name[(at + verb.Length)..];
            }
            if (name.Length < 2) continue;
            names.Add(name + m.Groups[1].Value);
        }
        return names.Distinct().ToList();
    }

    private static readonly string[] LeadingVerbs = ["指导", "督促", "推动", "组织", "要求", "鼓励", "支持", "协调", "会同", "由", "对"];

    private static bool Stop(char c) =>
        !TextCleaner.IsWide(c) || "，。、；：（）“”《》和及与由对在向将各等".Contains(c);

    [GeneratedRegex(@"^(各|相关|所有|全部|有关|\d+个|[一二三四五六七八九十]+个)")] private static partial Regex CollectivePrefix();
    [GeneratedRegex(@"^(.{1,10}?(?:镇|乡|街道|开发区|示范区|产业集聚区))(?:人民政府|政府|办事处|管理办公室|管委会|办)?$")] private static partial Regex NamedBody();
    [GeneratedRegex(@"(镇|乡|街道|开发区)(?:人民政府|政府|办事处|管理办公室|管委会)")] private static partial Regex InTextBody();
}

/// <summary>
/// The areas one level below a plan's region (a county's 乡镇/街道/开发区, a city's 县/区/县级市), for telling a named
/// subordinate government from a unit: 漯河市's plan naming 郾城区人民政府 gives the task to 郾城区 (a scope, like 各县区政府
/// for all of them), not to a unit called 郾城区人民政府. With the region's division list (<see cref="PlanParserOptions.Subdivisions"/>)
/// the names decide; without it, a 区/县 government in a plan of a 市 other than the plan's own region does.
/// </summary>
public sealed partial class SubordinateAreas
{
    public static readonly SubordinateAreas Unknown = new(null, []);

    private readonly string? _region;
    private readonly HashSet<string> _names;

    public SubordinateAreas(string? region, IEnumerable<string> names)
    {
        _region = region;
        _names = names.Where(n => n.Length >= 2).ToHashSet();
    }

    /// <summary>The area a government body (or a known area's own name) stands for: 郾城区人民政府 → 郾城区; null when it is not one of them.</summary>
    public string? AreaOf(string phrase)
    {
        // A task table's 落实 column names the area itself (郾城区).
        if (_names.Contains(phrase)) return phrase;
        var m = Government().Match(phrase);
        if (!m.Success) return null;
        var area = m.Groups[1].Value;
        if (area == _region || area.Length < 2) return null;
        if (_names.Count > 0) return _names.Contains(area) ? area : _names.FirstOrDefault(n => n.StartsWith(area) && n.Length - area.Length <= 1);
        // Townships are TownshipPhrases' (镇/乡/街道 bodies at any role); here a county's or district's 人民政府 in a city's
        // plan. Only a government: a zone's 管委会 (孟州市's 高新区管委会) is a body of the plan's own region.
        return _region is not null && _region.EndsWith('市') && m.Groups[2].Value.EndsWith("政府")
               && (area.EndsWith('区') || area.EndsWith('县')) ? area : null;
    }

    [GeneratedRegex(@"^([\u4e00-\u9fa5]{1,12}?)(人民政府|政府|管委会|管理委员会|办事处)$")] private static partial Regex Government();
}
