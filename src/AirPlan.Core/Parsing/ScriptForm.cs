using System.Reflection;
using System.Text;

namespace AirPlan.Core.Parsing;

/// <summary>
/// Plans written in traditional characters are read through a simplified form: every rule (numbering, labels, unit
/// endings, township words, deadline words) is written once, in simplified characters, and sees the simplified text.
/// What people read — titles, task text, sections, deadline words — is given back as written
/// (<see cref="Restore"/>); unit and township names stay simplified, because they are matched against the region's
/// units and the division list, which are simplified. The table (traditional-characters.txt) is compact and one-to-one,
/// so the mapping never changes a string's length and a position in the simplified text is the same in the original.
/// </summary>
internal sealed class ScriptForm
{
    private static readonly Dictionary<char, char> ToSimplified = Load();
    private static readonly Dictionary<char, char> ToTraditional = ToSimplified.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The form of a simplified (or unmarked) document: nothing to convert or give back.</summary>
    public static readonly ScriptForm Simplified = new("", "", []);

    // Both documents as one string of cleaned lines without separators (a paragraph joins lines without one), and
    // where each source line starts in it, so a task's text is found near the line it starts on.
    private readonly string _simplified;
    private readonly string _original;
    private readonly Dictionary<int, int> _lineStart;

    private ScriptForm(string simplified, string original, Dictionary<int, int> lineStart)
    {
        _simplified = simplified;
        _original = original;
        _lineStart = lineStart;
    }

    public bool IsTraditional => _original.Length > 0;

    /// <summary>The characters of the table in this text, simplified; the same string when there are none.</summary>
    public static string Simplify(string text)
    {
        if (text.AsSpan().IndexOfAny(Traditional.Value) < 0) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (ToSimplified.TryGetValue(chars[i], out var s)) chars[i] = s;
        return new string(chars);
    }

    /// <summary>
    /// The lines as the rules read them and the form that gives text back. A document with none of the table's
    /// characters is returned unchanged (all five seeds are simplified).
    /// </summary>
    public static (List<SourceLine> Lines, ScriptForm Form) Read(List<SourceLine> lines)
    {
        if (!lines.Any(l => l.Text.AsSpan().IndexOfAny(Traditional.Value) >= 0)) return (lines, Simplified);
        var simplified = new StringBuilder();
        var original = new StringBuilder();
        var starts = new Dictionary<int, int>();
        var result = new List<SourceLine>(lines.Count);
        foreach (var line in lines)
        {
            var s = Simplify(line.Text);
            starts[line.Number] = simplified.Length;
            simplified.Append(s);
            original.Append(line.Text);
            result.Add(line with { Text = s });
        }
        return (result, new ScriptForm(simplified.ToString(), original.ToString(), starts));
    }

    /// <summary>
    /// The text as the document wrote it. Each line of <paramref name="text"/> is looked for in the simplified document
    /// from <paramref name="line"/> on, within a window a little longer than the text (so a plan of any size is
    /// restored in linear time), and the original characters at that place are returned. Text not found there
    /// (or without a line) falls back to the table read backwards, which is exact because the table is one-to-one.
    /// </summary>
    public string Restore(string text, int? line = null)
    {
        if (!IsTraditional || text.Length == 0) return text;
        var start = line is { } l && _lineStart.TryGetValue(l, out var s) ? s : -1;
        var pieces = text.Split('\n');
        for (var i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            var at = -1;
            if (start >= 0 && piece.Length > 0)
            {
                var window = Math.Min(_simplified.Length - start, piece.Length * 2 + 2000);
                at = _simplified.AsSpan(start, window).IndexOf(piece.AsSpan(), StringComparison.Ordinal);
            }
            if (at >= 0)
            {
                pieces[i] = _original.Substring(start + at, piece.Length);
                start += at + piece.Length;
            }
            else pieces[i] = BackByTable(piece);
        }
        return string.Join("\n", pieces);
    }

    private static string BackByTable(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (ToTraditional.TryGetValue(chars[i], out var t)) chars[i] = t;
        return new string(chars);
    }

    private static readonly Lazy<System.Buffers.SearchValues<char>> Traditional =
        new(() => System.Buffers.SearchValues.Create(ToSimplified.Keys.ToArray()));

    private static Dictionary<char, char> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AirPlan.Core.Parsing.traditional-characters.txt")
                           ?? throw new InvalidOperationException("traditional-characters.txt is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var map = new Dictionary<char, char>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is [{ Length: 1 } t, { Length: 1 } s]) map[t[0]] = s[0];
        }
        return map;
    }
}
