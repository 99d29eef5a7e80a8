namespace AirPlan.Core.Parsing.Ledger;

/// <summary>
/// One row of a task ledger (台账) as cell texts, already located by header and with merged cells filled in.
/// Dates typed as real Excel dates arrive in <see cref="DeadlineDates"/>; everything else as written.
/// </summary>
/// <param name="Row">1-based worksheet row, for messages.</param>
/// <param name="ParentRow">Row of the task this row is a sub-item of (its 序号 cell is merged with the task's), or null.</param>
public sealed record LedgerRow(
    int Row,
    string Number,
    string Chapter,
    string Title,
    string Content,
    string Lead,
    string Supporting,
    string Townships,
    string DeadlineText,
    IReadOnlyList<DateOnly> DeadlineDates,
    int? ParentRow = null);

/// <summary>A row that was left out of the plan, and why (in Chinese, without the row number).</summary>
public sealed record LedgerProblem(int Row, string Message)
{
    public override string ToString() => $"第{Row}行：{Message}";
}

/// <summary>The plan a ledger describes, the rows it was built from, and the rows that could not be read.</summary>
public sealed record LedgerReading(ParsedPlan Plan, IReadOnlyList<LedgerProblem> Problems, IReadOnlyDictionary<int, int> TaskRows);
