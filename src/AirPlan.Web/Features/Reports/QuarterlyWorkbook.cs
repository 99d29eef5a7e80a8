using AirPlan.Web.Features.Reports.Sheets;

namespace AirPlan.Web.Features.Reports;

/// <summary>The 季度进展台账 workbook: 汇总, 任务明细, 逾期任务, 乡镇落实情况, 任务进展.</summary>
public static class QuarterlyWorkbook
{
    /// <summary>
    /// The workbook as a file: every report, one plan or all, is streamed (StreamedWorkbook), the one writer of its sheets.
    /// ClosedXML 0.95 took minutes and gigabytes for all plans (~560k cells), docs/performance.md.
    /// </summary>
    public static byte[] ToBytes(QuarterlyReport report, IProgress<int>? progress = null)
    {
        using var stream = new MemoryStream();
        Stream(report, stream, progress);
        return stream.ToArray();
    }

    /// <summary>The workbook written forward-only with OpenXmlWriter into <paramref name="stream"/>; the first sheet active.</summary>
    public static void Stream(QuarterlyReport report, Stream stream, IProgress<int>? progress = null)
    {
        using var workbook = new StreamedWorkbook(stream);
        SummarySheet.Write(workbook, report);
        DetailSheet.Write(workbook, report, progress);
        OverdueSheet.Write(workbook, report);
        TownshipSheet.Write(workbook, report);
        TaskSheet.Write(workbook, report);
    }

    /// <summary>孟津区任务推进台账_2025Q3.xlsx; the unit's or township's name instead of the region's when narrowed.</summary>
    public static string FileName(QuarterlyReport report)
    {
        var name = string.Concat(report.Filler.Where(c => !Path.GetInvalidFileNameChars().Contains(c) && c is not ('"' or '\\' or '/')));
        return $"{name}任务推进台账_{report.QuarterKey}.xlsx";
    }
}
