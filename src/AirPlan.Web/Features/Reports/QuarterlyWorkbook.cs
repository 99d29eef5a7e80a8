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

    public static byte[] ToBytes(QuarterlyReport report, IProgress<int>? progress = null)
    {
        using var workbook = Build(report, progress);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>孟津区任务推进台账_2025Q3.xlsx; the unit's or township's name instead of the region's when narrowed.</summary>
    public static string FileName(QuarterlyReport report)
    {
        var name = string.Concat(report.Filler.Where(c => !Path.GetInvalidFileNameChars().Contains(c) && c is not ('"' or '\\' or '/')));
        return $"{name}任务推进台账_{report.QuarterKey}.xlsx";
    }
}
