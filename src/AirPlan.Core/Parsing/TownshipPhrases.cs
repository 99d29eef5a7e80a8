using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>
/// Recognises the township level in unit lists and text: collective phrases that mean "every township/street/zone"
/// (各乡镇政府、街道办) and named towns (克井镇人民政府 → 克井镇). A collective phrase names the governments one level
/// below the plan's, whatever that level is: 各乡镇人民政府、街道办事处 in a county plan, 各县（市、区）人民政府、开发区管委会
/// or 各区县政府 in a city plan, 各省辖市人民政府 in a province plan — it sets the scope to all of them, never a unit.
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
