using AirPlan.Web.Features.Reports.Sheets;
using ClosedXML.Excel;
using static AirPlan.Web.Features.Reports.Sheets.LedgerStyle;

namespace AirPlan.Web.Features.Plans.Import.Ledger;

/// <summary>The downloadable 导入模板: the columns the importer recognises, two example rows and a sheet of instructions.</summary>
public static class LedgerTemplate
{
    private static readonly (string Text, double Width)[] Columns =
    [
        ("序号", 6), ("章节", 18), ("任务名称", 28), ("任务内容", 50), ("牵头单位", 20), ("责任/配合单位", 28), ("落实乡镇", 20), ("完成时限", 18),
    ];

    public static byte[] Build()
    {
        using var workbook = NewWorkbook();
        var sheet = workbook.Worksheets.Add("任务明细");
        var title = sheet.Range(1, 1, 1, Columns.Length).Merge();
        Text(title.FirstCell(), "××区空气质量持续改善实施方案任务台账");
        title.Style.Font.Bold = true;
        title.Style.Font.FontSize = 16;
        title.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        WriteHeader(sheet, Columns, row: 2);

        string[][] examples =
        [
            ["1", "三、主要任务", "坚决遏制“两高”项目盲目发展", "严格落实国家产业规划、产业政策……", "区发展改革委", "区工信局、区生态环境分局", "", "2025年12月31日前"],
            ["2", "三、主要任务", "开展燃煤锅炉排查整治", "全面排查燃煤锅炉……", "区市场监管局", "区生态环境分局", "各乡镇（街道）", "2025年10月底前"],
        ];
        for (var r = 0; r < examples.Length; r++)
            for (var c = 0; c < examples[r].Length; c++)
                Text(sheet.Cell(3 + r, c + 1), examples[r][c]);
        FinishTable(sheet, Columns.Length, 2 + examples.Length, headerRow: 2);

        var notes = workbook.Worksheets.Add("填写说明");
        notes.Column(1).Width = 100;
        string[] lines =
        [
            "1. 表头可在任意一行，列的顺序不限；识别的列名：序号、章节、任务名称（或任务内容）、牵头单位、责任单位/配合单位、落实乡镇、完成时限。",
            "2. 单位名称按实施方案解析规则统一（如“公安局”在区级方案中视为“区公安局”）；多个单位用顿号“、”分隔。",
            "3. 落实乡镇可写“各乡镇（街道）”表示全部乡镇，或列出乡镇名称。",
            "4. 完成时限可填日期（2025年10月31日、2025年10月底前、2025-10-31），多个时间节点分行填写；长期工作填“持续推进”。",
            "5. 分项任务：将序号单元格与所属任务合并，分项写在任务下方的行中。空行会被跳过。",
            "6. 上传后先预览，确认无误后才会导入；无法识别的行会列出行号和原因，不会导入。",
            $"7. 每个文件最多 {LedgerWorkbookReader.MaxRows} 行任务，每个单元格不超过 {LedgerWorkbookReader.MaxCellCharacters} 字；超过时整个文件不导入，请拆分或精简后再导入。",
        ];
        for (var i = 0; i < lines.Length; i++) Text(notes.Cell(i + 1, 1), lines[i]).Style.Alignment.WrapText = true;

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
