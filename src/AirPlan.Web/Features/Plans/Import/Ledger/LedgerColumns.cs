namespace AirPlan.Web.Features.Plans.Import.Ledger;

public enum LedgerColumn
{
    Number,
    Chapter,
    Title,
    Content,
    Lead,
    /// <summary>责任单位: the lead when the sheet has no 牵头单位 column, otherwise a supporting unit.</summary>
    Responsible,
    Supporting,
    Township,
    Deadline,
}

/// <summary>The Chinese header names a ledger may use for each column, in any order.</summary>
public static class LedgerColumns
{
    private static readonly (LedgerColumn Column, string[] Names)[] Names =
    [
        (LedgerColumn.Number, ["序号", "编号", "序"]),
        (LedgerColumn.Chapter, ["章节", "类别", "任务类别", "重点领域", "分类", "领域"]),
        (LedgerColumn.Title, ["任务名称", "重点任务", "工作任务", "任务", "任务事项", "项目名称", "事项"]),
        (LedgerColumn.Content, ["任务内容", "工作内容", "具体内容", "工作措施", "具体措施", "主要内容", "工作举措", "任务要求"]),
        (LedgerColumn.Lead, ["牵头单位", "牵头部门", "牵头责任单位", "主办单位"]),
        (LedgerColumn.Supporting, ["配合单位", "配合部门", "责任/配合单位", "责任单位/配合单位", "责任（配合）单位", "协办单位", "参与单位"]),
        (LedgerColumn.Responsible, ["责任单位", "责任部门"]),
        (LedgerColumn.Township, ["落实乡镇", "落实乡镇（街道）", "责任乡镇", "乡镇", "乡镇（街道）", "落实乡镇（街道、开发区）"]),
        (LedgerColumn.Deadline, ["完成时限", "完成时间", "时限要求", "时间节点", "完成期限", "时限"]),
    ];

    public static LedgerColumn? Recognise(string header)
    {
        var text = Normalise(header);
        if (text.Length == 0) return null;
        foreach (var (column, names) in Names)
            if (names.Any(n => Normalise(n) == text)) return column;
        return null;
    }

    /// <summary>Headers are often typed with spaces, line breaks, (必填) or a star; compare without them.</summary>
    public static string Normalise(string header) => new string(header.Where(c => !char.IsWhiteSpace(c) && c != '*').ToArray())
        .Replace("(", "（").Replace(")", "）").Replace("（必填）", "").Replace("（选填）", "");
}
