using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Reports.Sheets;
using ClosedXML.Excel;

namespace AirPlan.Web.Tests.Features.Reports;

/// <summary>乡镇落实情况 from reports built in memory: townships are told apart by region, not by name.</summary>
public sealed class TownshipSheetTests
{
    private static readonly DateOnly AsOf = new(2025, 10, 8);

    [Fact]
    public void SameNamedTownshipsOfTwoCountiesGetTheirOwnColumnsInTheirOwnPlanBlocks()
    {
        // 城关镇 exists in both counties (different township regions); 某开发区 is a township unit without a region.
        var a = Plan("a-2024", "甲县空气质量持续改善实施方案", 1,
            Implementing(11, 1001, "城关镇", 101, AssignmentStatus.Completed),
            Implementing(12, 1002, "白鹤镇", 102, AssignmentStatus.InProgress));
        var b = Plan("b-2024", "乙县空气质量持续改善实施方案", 2,
            Implementing(21, 2001, "城关镇", 201, AssignmentStatus.NotStarted, daysOverdue: 12),
            Implementing(22, 2002, "某开发区", null, AssignmentStatus.InProgress));

        var sheet = Open(Report(a, b)).Worksheet(TownshipSheet.NameOf(AreaTerms.Townships));

        // Block of plan a: its title, its header with its own two townships, its task.
        Assert.Equal("甲县空气质量持续改善实施方案", sheet.Cell(3, 1).GetString());
        Assert.True(sheet.Cell(3, 1).Style.Font.Bold);
        Assert.Equal(["序号", "任务名称", "城关镇", "白鹤镇"], Texts(sheet.Row(4)));
        Assert.True(sheet.Cell(4, 3).Style.Font.Bold);
        Assert.Equal(LedgerStyle.HeaderFill, sheet.Cell(4, 3).Style.Fill.BackgroundColor);
        Assert.Equal(["1", "任务1", "已完成", "推进中"], Texts(sheet.Row(5)));
        Assert.NotEqual(XLColor.Red, sheet.Cell(5, 3).Style.Font.FontColor);
        // Block of plan b: 城关镇 again, but its own column with its own status; the unit without a region has a column too.
        Assert.Equal("乙县空气质量持续改善实施方案", sheet.Cell(6, 1).GetString());
        Assert.Equal(["序号", "任务名称", "城关镇", "某开发区"], Texts(sheet.Row(7)));
        Assert.Equal(["1", "任务2", "未启动", "推进中"], Texts(sheet.Row(8)));
        Assert.Equal(XLColor.Red, sheet.Cell(8, 3).Style.Font.FontColor);
        Assert.NotEqual(XLColor.Red, sheet.Cell(8, 4).Style.Font.FontColor);
        Assert.Equal(8, sheet.LastRowUsed().RowNumber());
        Assert.Equal(XLBorderStyleValues.Thin, sheet.Cell(8, 4).Style.Border.RightBorder);
        Assert.Equal(XLPaperSize.A3Paper, sheet.PageSetup.PaperSize);
    }

    [Fact]
    public void OnePlanIsOneTableUnderTheTitleWithAFrozenFilteredHeader()
    {
        var a = Plan("a-2024", "甲县空气质量持续改善实施方案", 1,
            Implementing(11, 1001, "城关镇", 101, AssignmentStatus.Completed),
            Implementing(12, 1002, "城关镇", 102, AssignmentStatus.InProgress));

        var sheet = Open(Report(a)).Worksheet(TownshipSheet.NameOf(AreaTerms.Townships));

        Assert.Equal(["序号", "任务名称", "城关镇", "城关镇"], Texts(sheet.Row(3)));
        Assert.Equal(["1", "任务1", "已完成", "推进中"], Texts(sheet.Row(4)));
        Assert.Equal(3, sheet.SheetView.SplitRow);
        Assert.True(sheet.AutoFilter.IsEnabled);
    }

    [Fact]
    public void AStreamedReportKeepsUserTextLiteralAndDropsCharactersXmlCannotCarry()
    {
        var a = Plan("a-2024", "甲县空气质量持续改善实施方案", 1, Implementing(11, 1001, "城关镇", 101, AssignmentStatus.Completed));
        var b = Plan("b-2024", "乙县空气质量持续改善实施方案", 2, Implementing(21, 2001, "城关镇", 201, AssignmentStatus.NotStarted));
        var injected = b with { Tasks = [b.Tasks[0] with { Title = "=HYPERLINK(\"http://x\",\"y\")", Progress = "进展\u0001说明", NextSteps = "+1+1" }] };

        var detail = Open(Report(a, injected)).Worksheet(DetailSheet.Name);

        // Row 4: plan a's title, 5: its task, 6: plan b's title, 7: its task.
        Assert.Equal("乙县空气质量持续改善实施方案", detail.Cell(6, 1).GetString());
        foreach (var (column, text) in new[] { (3, "=HYPERLINK(\"http://x\",\"y\")"), (10, "进展说明"), (12, "+1+1") })
        {
            Assert.False(detail.Cell(7, column).HasFormula);
            Assert.Equal(XLDataType.Text, detail.Cell(7, column).DataType);
            Assert.Equal(text, detail.Cell(7, column).GetString());
        }
    }

    private static XLWorkbook Open(QuarterlyReport report) => new(new MemoryStream(QuarterlyWorkbook.ToBytes(report)));

    private static string[] Texts(IXLRow row) => row.CellsUsed().Select(c => c.GetString()).ToArray();

    private static QuarterlyReport Report(params ReportPlan[] plans) =>
        new("空气质量持续改善实施方案任务推进台账（2025年第四季度）", "全部方案", AsOf, "2025Q4", plans,
            new ReportSummary([], [], [], RollupFigures.Empty), AreaTerms.Townships);

    private static ReportPlan Plan(string key, string title, int taskId, params ReportAssignment[] assignments) =>
        new(key, title, [new ReportTask(taskId, key, "三、主要任务", $"任务{taskId}", "内容", ["县发展改革委"], [], "", [AsOf.AddDays(-12)],
            false, null, TaskState.InProgress, "", "", "", 0, [], assignments)]);

    private static ReportAssignment Implementing(int id, int unitId, string name, int? regionId, AssignmentStatus status, int daysOverdue = 0) =>
        new(id, unitId, name, UnitKind.Township, regionId, AssignmentRole.Implementing, status,
            daysOverdue > 0 ? AsOf.AddDays(-daysOverdue) : null, daysOverdue, null, 0);
}
