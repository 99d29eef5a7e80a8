using AirPlan.Web.Features.Reports.Sheets;
using ClosedXML.Excel;

namespace AirPlan.Web.Features.Reports;

/// <summary>The 季度进展台账 workbook: 汇总, 任务明细, 逾期任务, 乡镇落实情况.</summary>
public static class QuarterlyWorkbook
{
    public static XLWorkbook Build(QuarterlyReport report, IProgress<int>? progress = null)
    {
        var workbook = LedgerStyle.NewWorkbook();
        SummarySheet.Write(workbook, report);
        DetailSheet.Write(workbook, report, progress);
        OverdueSheet.Write(workbook, report);
        TownshipSheet.Write(workbook, report);
        workbook.Worksheet(1).SetTabActive();
        return workbook;
    }

    /// <summary>
    /// One plan through ClosedXML; several plans streamed (StreamedWorkbook): for all plans (~560k cells) ClosedXML 0.95
    /// took minutes and gigabytes, and even unstyled needs ~5 s and ~0.6 GB more than the report itself (docs/performance.md).
    /// Both write the same sheets, texts and look.
    /// </summary>
    public static byte[] ToBytes(QuarterlyReport report, IProgress<int>? progress = null)
    {
        using var stream = new MemoryStream();
        if (report.Plans.Count > 1) Stream(report, stream, progress);
        else
        {
            using var workbook = Build(report, progress);
            workbook.SaveAs(stream);
        }
        return stream.ToArray();
    }

    /// <summary>The workbook written forward-only with OpenXmlWriter into <paramref name="stream"/>.</summary>
    public static void Stream(QuarterlyReport report, Stream stream, IProgress<int>? progress = null)
    {
        using var workbook = new StreamedWorkbook(stream);
        SummarySheet.Write(workbook, report);
        DetailSheet.Write(workbook, report, progress);
        OverdueSheet.Write(workbook, report);
        TownshipSheet.Write(workbook, report);
    }

    /// <summary>孟津区任务推进台账_2025Q3.xlsx; the unit's or township's name instead of the region's when narrowed.</summary>
    public static string FileName(QuarterlyReport report)
    {
        var name = string.Concat(report.Filler.Where(c => !Path.GetInvalidFileNameChars().Contains(c) && c is not ('"' or '\\' or '/')));
        return $"{name}任务推进台账_{report.QuarterKey}.xlsx";
    }
}
