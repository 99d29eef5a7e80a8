using System.Text;

namespace AirPlan.Web.Features.Dashboard.Calendar;

/// <summary>
/// Minimal RFC 5545 writer: CRLF line ends, TEXT escaping (\\ \; \, \n) and folding at 75 octets without splitting a UTF-8
/// character — Chinese text is 3 octets a character, so folding by characters would break Outlook and iOS.
/// </summary>
public sealed class ICalendarWriter
{
    private readonly StringBuilder _text = new();

    public ICalendarWriter Line(string name, string value)
    {
        Fold($"{name}:{value}");
        return this;
    }

    public ICalendarWriter Text(string name, string value) => Line(name, Escape(value));

    public override string ToString() => _text.ToString();

    public static string Escape(string value) => value
        .Replace(@"\", @"\\").Replace(";", @"\;").Replace(",", @"\,")
        .Replace("\r\n", @"\n").Replace("\n", @"\n").Replace("\r", @"\n");

    private void Fold(string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                // Continuation lines start with one space, which counts toward their 75 octets.
                _text.Append("\r\n ");
                octets = 1;
                limit = 75;
            }
            _text.Append(rune.ToString());
            octets += size;
        }
        _text.Append("\r\n");
    }
}
