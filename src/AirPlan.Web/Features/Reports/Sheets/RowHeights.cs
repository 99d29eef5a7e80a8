namespace AirPlan.Web.Features.Reports.Sheets;

/// <summary>
/// Row heights for wrapped text, estimated from character counts as the sheet writes its texts: neither Excel nor
/// LibreOffice re-measures rows of a generated file, and measuring fonts is unavailable on Linux. The sheet notes each
/// text with its column width and the rows it spans (a merged cell's lines are shared by its rows, counted on its first)
/// before it starts the row: a streamed row is written with its height and never revisited.
/// </summary>
public sealed class RowHeights
{
    private double[] _lines = new double[64];

    public void Note(int row, string? text, double width, int span = 1)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (row >= _lines.Length) Array.Resize(ref _lines, Math.Max(row + 1, _lines.Length * 2));
        _lines[row] = Math.Max(_lines[row], (double)LedgerStyle.LinesOf(text, width) / Math.Max(1, span));
    }

    /// <summary>Height in points: one line at least (an empty row is one line), at most Excel's 409.</summary>
    public double Of(int row)
    {
        var lines = row < _lines.Length ? Math.Max(1, _lines[row]) : 1;
        return Math.Min(LedgerStyle.MaxRowHeight, Math.Ceiling(lines) * LedgerStyle.LineHeight + LedgerStyle.RowPadding);
    }
}
