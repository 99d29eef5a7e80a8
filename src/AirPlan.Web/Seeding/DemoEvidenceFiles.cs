using System.Reflection;
using AirPlan.Web.Features.Evidence;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Web.Seeding;

/// <summary>A file in the evidence store that demo rows point at.</summary>
public sealed record StoredSample(string Sha256, long Size);

/// <summary>
/// One real, openable file per demo evidence kind (a 工作台账 workbook, a 整改报告, a scanned 检查记录 and 会议纪要, a 现场照片),
/// put in the evidence store once: the store keeps files by content, so every demo row of a kind shares its file and the
/// demo's 佐证材料 download and open instead of failing. The PDFs and the photo were made by the project (rendered pages,
/// marked 示例) and are embedded; the workbook and the report are written here.
/// </summary>
public static class DemoEvidenceFiles
{
    public static async Task<IReadOnlyDictionary<string, StoredSample>> StoreAsync(IFileStore store, CancellationToken ct = default)
    {
        var stored = new Dictionary<string, StoredSample>();
        foreach (var kind in WorkHistory.FileKinds)
        {
            var bytes = Build(kind);
            await using var staged = await store.StageAsync(new MemoryStream(bytes), bytes.Length, null, ct);
            await staged.CommitAsync(ct);
            stored[kind] = new StoredSample(staged.Sha256, bytes.Length);
        }
        return stored;
    }

    private static byte[] Build(string kind) => Path.GetExtension(kind) switch
    {
        ".xlsx" => Ledger(),
        ".docx" => Report(),
        ".jpg" => Resource("site-photo.jpg"),
        _ when kind.Contains("会议纪要") => Resource("meeting-minutes.pdf"),
        _ => Resource("inspection-record.pdf"),
    };

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"AirPlan.Web.Seeding.DemoFiles.{name}")
            ?? throw new InvalidOperationException($"缺少演示文件 {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Ledger()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("工作台账");
        string[] header = ["序号", "点位/项目", "问题描述", "整改措施", "责任人", "完成时间", "整改情况"];
        for (var c = 0; c < header.Length; c++) sheet.Cell(1, c + 1).Value = header[c];
        string[][] rows =
        [
            ["1", "城区某建筑工地", "裸土未覆盖", "防尘网全覆盖", "张某", "2025年5月15日", "已完成"],
            ["2", "某物流园出入口", "车辆带泥上路", "增设冲洗平台", "李某", "2025年5月30日", "已完成"],
            ["3", "某搅拌站", "料场未密闭", "建设封闭料棚", "王某", "2025年8月31日", "推进中"],
        ];
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++) sheet.Cell(r + 2, c + 1).Value = rows[r][c];
        sheet.Cell(rows.Length + 3, 1).Value = "AirPlan 演示数据 · 示例文件";
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Columns(1, header.Length).Width = 16;
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    private static byte[] Report()
    {
        using var output = new MemoryStream();
        using (var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Paragraph("关于重点任务整改落实情况的报告", bold: true, centered: true),
                Paragraph("区大气污染防治攻坚办："),
                Paragraph("根据实施方案任务分工，我单位牵头落实的重点任务已按要求推进，现将整改落实情况报告如下："),
                Paragraph("一、工作进展。已完成辖区内排查，建立问题清单和整改台账，完成整改项目12个。"),
                Paragraph("二、存在问题。部分项目资金未到位，个别点位整改进度滞后。"),
                Paragraph("三、下步计划。加快资金拨付，落实专人盯办，确保按期完成。"),
                Paragraph("（AirPlan 演示数据 · 示例文件）")));
        }
        return output.ToArray();
    }

    private static Paragraph Paragraph(string text, bool bold = false, bool centered = false)
    {
        var run = new Run(new Text(text));
        if (bold) run.PrependChild(new RunProperties(new Bold()));
        var paragraph = new Paragraph(run);
        if (centered) paragraph.PrependChild(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        return paragraph;
    }
}
