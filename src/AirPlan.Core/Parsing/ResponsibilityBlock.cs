using System.Text.RegularExpressions;

namespace AirPlan.Core.Parsing;

/// <summary>Locates the responsibility block a paragraph ends with: （…牵头，…配合） or a 牵头单位：… line.</summary>
internal static partial class ResponsibilityBlock
{
    public sealed record Found(string Body, string Block);

    /// <summary>The trailing parenthesis of a paragraph when it names who is responsible; null otherwise.</summary>
    public static Found? FindTrailing(string text)
    {
        var t = text.TrimEnd().TrimEnd('。', '；', ' ');
        if (t.Length < 3 || t[^1] != '）') return null;
        var depth = 0;
        for (var i = t.Length - 1; i >= 0; i--)
        {
            if (t[i] is '）' or '〕') depth++;
            else if (t[i] is '（' or '〔')
            {
                depth--;
                if (depth != 0) continue;
                var inner = t[(i + 1)..^1];
                if (!RoleWord().IsMatch(inner)) return null;
                return new Found(t[..i].TrimEnd(), inner);
            }
        }
        return null;
    }

    /// <summary>A paragraph that is nothing but a block, e.g. Jiyuan's (示范区生态环境局牵头) on its own line.</summary>
    public static bool IsBlockOnly(string text) =>
        Numbering.IsUnitLabel(text) || (text.StartsWith('（') && FindTrailing(text) is { Body.Length: 0 });

    /// <summary>The block text of a block-only paragraph: the label line itself or the parenthesis' content.</summary>
    public static string BlockOf(string text) =>
        Numbering.IsUnitLabel(text) ? text : FindTrailing(text)?.Block ?? text;

    [GeneratedRegex("牵头|配合|负责|参与|单位：")] private static partial Regex RoleWord();
}
