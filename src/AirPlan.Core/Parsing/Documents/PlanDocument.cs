namespace AirPlan.Core.Parsing.Documents;

/// <summary>What a plan file was, as <see cref="PlanDocumentReader"/> recognised it.</summary>
public enum PlanDocumentFormat { Unknown, Text, Word, Pdf, LegacyWord }

/// <summary>
/// A plan file read into text: every line in reading order (a table row is one line, its cells separated by tabs, so the
/// stored source shows what the document showed), the tables it holds, and why it was refused or what was left out.
/// Line numbers everywhere (warnings, <see cref="DocumentTable.FirstLine"/>) are 1-based indexes into <see cref="Lines"/>.
/// </summary>
public sealed class PlanDocument
{
    public PlanDocumentFormat Format { get; init; }
    public IReadOnlyList<string> Lines { get; init; } = [];
    public IReadOnlyList<DocumentTable> Tables { get; init; } = [];
    /// <summary>What was read but may not be complete (pages without a text layer, a converted .doc …), in Chinese.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Why nothing was read (too large, scanned, not the format it claims …), in Chinese; null when read.</summary>
    public string? Refusal { get; init; }
    /// <summary>How the text file was encoded (UTF-8, GB18030 …); null for other formats.</summary>
    public string? Encoding { get; init; }
    /// <summary>Pages of a PDF; null where the format has no fixed pages.</summary>
    public int? Pages { get; init; }

    private string? _source;

    /// <summary>The whole document as text: what an import stores and hashes (a text file's exactly as decoded).</summary>
    public string Text => _source ?? string.Join("\n", Lines);

    /// <summary>
    /// The text the plan parser reads: tables blanked out line for line (they are read as tables, and their rows would
    /// otherwise pass for paragraphs), so line numbers stay those of <see cref="Lines"/>.
    /// </summary>
    public string BodyText
    {
        get
        {
            if (Tables.Count == 0) return Text;
            var lines = Lines.ToArray();
            foreach (var t in Tables)
                for (var i = t.FirstLine; i <= t.LastLine && i <= lines.Length; i++) lines[i - 1] = "";
            return string.Join("\n", lines);
        }
    }

    public static PlanDocument Refused(PlanDocumentFormat format, string reason) => new() { Format = format, Refusal = reason };

    /// <summary>A text already in memory (the seeds, a test, an earlier import), read as a .txt file would be.</summary>
    public static PlanDocument FromText(string text, string encoding = "UTF-8") => new()
    {
        Format = PlanDocumentFormat.Text,
        Lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'),
        Encoding = encoding,
        // Kept as given, line ends included: an import hashes it, and the same file must hash as it always has.
        _source = text,
    };
}

/// <summary>A table as rows of cells on the grid: a cell spanning columns repeats in each, a cell merged down repeats below.</summary>
/// <param name="FirstLine">The document line of the first row.</param>
/// <param name="LastLine">The document line of the last row (rows are one line each for Word; several for a PDF).</param>
/// <param name="RowLines">The document line each row starts on, for messages.</param>
public sealed record DocumentTable(int FirstLine, int LastLine, IReadOnlyList<IReadOnlyList<TableCell>> Rows, IReadOnlyList<int> RowLines);

/// <summary>A grid cell's text; <paramref name="ContinuesAbove"/> when it is the lower part of a vertically merged cell.</summary>
public sealed record TableCell(string Text, bool ContinuesAbove = false);

/// <summary>
/// How large a file is read. A published 实施方案 is 0.1–3 MB as Word or PDF and 20–80 pages; these are ten times that,
/// so only a wrong file meets them. The extracted text is then held to <see cref="PlanLimits"/> like any text.
/// </summary>
public sealed record PlanDocumentLimits
{
    public static readonly PlanDocumentLimits Default = new();

    public long MaxBytes { get; init; } = 20L * 1024 * 1024;
    public int MaxPages { get; init; } = 300;
    /// <summary>How long LibreOffice may take to turn a .doc/.wps into .docx.</summary>
    public TimeSpan ConversionTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
