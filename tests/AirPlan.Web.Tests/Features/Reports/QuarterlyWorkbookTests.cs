using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Reports.Sheets;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AirPlan.Web.Tests.Features.Reports;

[Collection(PostgresCollection.Name)]
public sealed class QuarterlyWorkbookTests(PostgresServer server, ITestOutputHelper output)
{
    private const string Plan = "mengjin-2024";
    // The work database is imported on 2025年10月8日 (its clock), so the current quarter, as of that day, is the one with work in it.
    private const string Quarter = "2025Q4";
    private static readonly DateOnly AsOf = new(2025, 10, 8);
    private const string Injection = "=HYPERLINK(\"http://x\",\"y\")";

    private async Task<(WorkDatabase Db, XLWorkbook Workbook, QuarterlyReport Report)> ExportAsync(UserContext? actor = null,
        int? unitId = null, int? townshipId = null)
    {
        var db = await WorkDatabase.ForClassAsync<QuarterlyWorkbookTests>(server);
        actor ??= await db.ActorAsync(AppRoles.Admin);
        var request = new QuarterlyReportRequest(Plan, Quarter, unitId, townshipId);
        var report = await db.Get<QuarterlyReportQueries>().LoadAsync(actor, request);
        var file = await db.Get<QuarterlyReportService>().ExportAsync(actor, request);
        return (db, new XLWorkbook(new MemoryStream(file.Content)), report);
    }

    [Fact]
    public async Task TheTaskSheetShowsEveryTaskWithTheStateAndOverdueTheDashboardCounts()
    {
        var (db, workbook, _) = await ExportAsync();
        var admin = await db.ActorAsync(AppRoles.Admin);
        var tasks = (await db.Get<RollupQueries>().TotalsAsync(admin, new TaskFilter { Plan = Plan })).Tasks;

        var sheet = workbook.Worksheet(TaskSheet.Name);
        Assert.Equal(TaskSheet.Columns.Select(c => c.Text), Enumerable.Range(1, TaskSheet.Columns.Length).Select(i => sheet.Cell(3, i).GetString()));
        var rows = Enumerable.Range(4, 34).Select(r => sheet.Row(r)).ToList();
        Assert.Equal(34, rows.Count(r => r.Cell(2).GetString().Length > 0));
        Assert.True(sheet.Cell(38, 2).IsEmpty());
        Assert.Equal(tasks.Overdue, rows.Count(r => r.Cell(5).GetString() == "是"));
        Assert.Equal(tasks.NotStarted, rows.Count(r => r.Cell(4).GetString() == "未启动"));
        Assert.All(rows, r => Assert.Matches(@"^\d+/\d+$", r.Cell(7).GetString()));
    }

    [Fact]
    public async Task TheWorkbookHasTheFiveSheetsWithTitleHeaderAndGovernmentLedgerLayout()
    {
        var (_, workbook, report) = await ExportAsync();

        Assert.Equal(["汇总", "任务明细", "逾期任务", "乡镇落实情况", "任务进展"], workbook.Worksheets.Select(s => s.Name));
        var detail = workbook.Worksheet(DetailSheet.Name);
        Assert.Equal("孟津区空气质量持续改善实施方案任务推进台账（2025年第四季度）", detail.Cell(1, 1).GetString());
        Assert.Equal("孟津区", report.Filler);
        Assert.StartsWith("填报单位：", detail.Cell(2, 1).GetString());
        Assert.Contains("截至日期：2025年10月8日", detail.Row(2).CellsUsed().Select(c => c.GetString()));
        Assert.Equal(DetailSheet.Columns.Select(c => c.Text), Enumerable.Range(1, DetailSheet.Columns.Length).Select(i => detail.Cell(3, i).GetString()));
        Assert.True(detail.Cell(3, 1).Style.Font.Bold);
        Assert.Equal(LedgerStyle.HeaderFill, detail.Cell(3, 1).Style.Fill.BackgroundColor);
        Assert.Equal(XLBorderStyleValues.Thin, detail.Cell(4, 4).Style.Border.LeftBorder);
        Assert.True(detail.Cell(4, 4).Style.Alignment.WrapText);
        Assert.Equal(50, detail.Column(4).Width);
        Assert.Equal(3, detail.SheetView.SplitRow);
        Assert.True(detail.AutoFilter.IsEnabled);
        Assert.Equal(XLPaperSize.A3Paper, detail.PageSetup.PaperSize);
        Assert.Equal(XLPageOrientation.Landscape, detail.PageSetup.PageOrientation);
        Assert.Equal(1, detail.PageSetup.PagesWide);
        Assert.Equal(1, detail.PageSetup.FirstRowToRepeatAtTop);
        Assert.Equal(3, detail.PageSetup.LastRowToRepeatAtTop);
    }

    [Fact]
    public async Task DetailRowsCarryNumbersDatesAndRedOverdueRowsWithSubItemsMergedBeneathTheirTask()
    {
        var (db, workbook, report) = await ExportAsync();
        var detail = workbook.Worksheet(DetailSheet.Name);
        await using var context = db.CreateDbContext();
        var topLevel = await context.Tasks.CountAsync(t => t.Plan!.Key == Plan && t.ParentId == null);
        var subitems = await context.Tasks.CountAsync(t => t.Plan!.Key == Plan && t.ParentId != null);

        Assert.Equal(topLevel, report.Tasks.Count());
        Assert.Equal(3 + topLevel + subitems, detail.LastRowUsed().RowNumber());
        Assert.Equal(XLDataType.Number, detail.Cell(4, 1).DataType);
        Assert.Equal(1, detail.Cell(4, 1).GetDouble());

        var rowOf = RowsOfTasks(detail, report);
        var dated = report.Tasks.First(t => t.Deadlines.Count == 1);
        // 完成时限 is text in the offices' words, one deadline a line, for one deadline as for several.
        Assert.Equal(XLDataType.Text, detail.Cell(rowOf[dated.Id], 8).DataType);
        Assert.Equal(ChineseDate.Format(dated.Deadlines[0]) + "前", detail.Cell(rowOf[dated.Id], 8).GetString());
        var several = report.Tasks.First(t => t.Deadlines.Count > 1);
        Assert.Equal(string.Join("\n", several.Deadlines.Select(d => ChineseDate.Format(d) + "前")), detail.Cell(rowOf[several.Id], 8).GetString());
        // 章节 is the task's own chapter and section, not 三、主要任务 for every row.
        Assert.Equal("三、主要任务 › （一）优化产业结构，促进产业绿色转型发展", detail.Cell(rowOf[report.Tasks.First().Id], 2).GetString());
        // Task 5 大力发展清洁能源 sits under （二） of 三、主要任务 (seeds/mengjin-2024.txt), and the 34 tasks under its eight sections.
        var cleanEnergy = report.Tasks.Single(t => t.Title.Contains("大力发展清洁能源"));
        Assert.Equal("三、主要任务 › （二）优化能源结构，加快能源清洁低碳高效发展", detail.Cell(rowOf[cleanEnergy.Id], 2).GetString());
        Assert.Equal(8, report.Tasks.Select(t => detail.Cell(rowOf[t.Id], 2).GetString()).Distinct().Count());

        var overdue = report.Tasks.First(t => t.IsOverdue);
        var row = rowOf[overdue.Id];
        Assert.Equal("是", detail.Cell(row, 14).GetString());
        Assert.Equal(XLDataType.Number, detail.Cell(row, 15).DataType);
        Assert.Equal(overdue.DaysOverdue, (int)detail.Cell(row, 15).GetDouble());
        Assert.Equal(XLColor.Red, detail.Cell(row, 3).Style.Font.FontColor);
        var onTrack = report.Tasks.First(t => !t.IsOverdue);
        Assert.NotEqual(XLColor.Red, detail.Cell(rowOf[onTrack.Id], 3).Style.Font.FontColor);

        var withSubs = report.Tasks.First(t => t.Subitems.Count > 0);
        var block = detail.Cell(rowOf[withSubs.Id], 1).MergedRange();
        Assert.NotNull(block);
        Assert.Equal(withSubs.Subitems.Count + 1, block.RowCount());
        Assert.Equal(withSubs.Subitems[0].Text, detail.Cell(rowOf[withSubs.Id] + 1, 4).GetString());
    }

    [Fact]
    public async Task OverdueAndTownshipSheetsListOverdueAssignmentsAndTheTaskTownshipMatrix()
    {
        var (_, workbook, report) = await ExportAsync();
        var overdueSheet = workbook.Worksheet(OverdueSheet.Name);
        var overdue = report.Tasks.SelectMany(t => t.Assignments).Count(a => a.DaysOverdue > 0);
        Assert.True(overdue > 0);
        Assert.Equal(3 + overdue, overdueSheet.LastRowUsed().RowNumber());
        Assert.Equal("逾期天数", overdueSheet.Cell(3, 8).GetString());
        Assert.Equal(XLDataType.Number, overdueSheet.Cell(4, 8).DataType);
        Assert.Equal(XLDataType.DateTime, overdueSheet.Cell(4, 7).DataType);
        Assert.Equal(report.Tasks.SelectMany(t => t.Assignments).Max(a => a.DaysOverdue), (int)overdueSheet.Cell(4, 8).GetDouble());
        Assert.Equal(XLColor.Red, overdueSheet.Cell(4, 2).Style.Font.FontColor);

        var townships = workbook.Worksheet(TownshipSheet.NameOf(AreaTerms.Townships));
        var townshipTasks = report.Tasks.Where(t => t.Assignments.Any(a => a.Role == AssignmentRole.Implementing)).ToList();
        Assert.NotEmpty(townshipTasks);
        Assert.Equal(3 + townshipTasks.Count, townships.LastRowUsed().RowNumber());
        var first = townshipTasks[0].Assignments.First(a => a.Role == AssignmentRole.Implementing);
        var column = townships.Row(3).CellsUsed().First(c => c.GetString() == first.UnitName).Address.ColumnNumber;
        Assert.Equal(StatusTitles.Of(first.Status), townships.Cell(4, column).GetString());
    }

    [Fact]
    public async Task SummaryTotalsEqualTheDashboardRollupsAndTheTaskListForTheSameDate()
    {
        var (db, workbook, _) = await ExportAsync();
        var summary = workbook.Worksheet(SummarySheet.Name);
        var totalRow = summary.RowsUsed().Last();
        Assert.Equal("合计", totalRow.Cell(1).GetString());

        var admin = await db.ActorAsync(AppRoles.Admin);
        var scope = new TaskFilter { Plan = Plan, AsOf = AsOf };
        var rollups = db.Get<RollupQueries>();
        var dashboard = (await rollups.TotalsAsync(admin, scope)).Figures;
        int[] expected = [dashboard.Assignments, dashboard.Completed, dashboard.CompletedOnTime, dashboard.CompletedLate, dashboard.InProgress,
            dashboard.Submitted, dashboard.Continuous, dashboard.NotStarted, dashboard.Overdue];
        Assert.Equal(expected, Enumerable.Range(3, 9).Select(c => (int)totalRow.Cell(c).GetDouble()));
        Assert.Equal(dashboard.PercentDone / 100.0, totalRow.Cell(12).GetDouble(), 3);
        Assert.True(dashboard.Overdue > 0);

        // Every lead department row matches the dashboard's row for that department.
        var leads = await rollups.ByDepartmentAsync(admin, scope, AssignmentRole.Lead);
        var leadRows = summary.RowsUsed().Where(r => r.RowNumber() > 3 && r.Cell(1).MergedRange()?.FirstCell().GetString() is "牵头单位"
            || r.Cell(1).GetString() == "牵头单位").ToList();
        Assert.Equal(leads.Count, leadRows.Count);
        foreach (var (row, lead) in leadRows.Zip(leads))
        {
            Assert.Equal(lead.Name, row.Cell(2).GetString());
            Assert.Equal(lead.Figures.Assignments, (int)row.Cell(3).GetDouble());
            Assert.Equal(lead.Figures.Overdue, (int)row.Cell(11).GetDouble());
            // 任务 beside 责任分工: the tasks the department leads, in their state as whole tasks (the dashboard's 任务 columns)
            Assert.Equal((lead.Tasks.Tasks, lead.Tasks.Completed, lead.Tasks.CompletedOnTime, lead.Tasks.CompletedLate, lead.Tasks.Overdue),
                ((int)row.Cell(13).GetDouble(), (int)row.Cell(14).GetDouble(), (int)row.Cell(15).GetDouble(), (int)row.Cell(16).GetDouble(),
                    (int)row.Cell(17).GetDouble()));
        }
        Assert.Equal(("任务数", "逾期任务"), (SummarySheet.Columns[12].Text, SummarySheet.Columns[16].Text));
        var tasks = (await rollups.TotalsAsync(admin, scope)).Tasks;
        Assert.Equal((tasks.Tasks, tasks.Overdue), ((int)totalRow.Cell(13).GetDouble(), (int)totalRow.Cell(17).GetDouble()));
        Assert.Equal(tasks.PercentDone / 100.0, totalRow.Cell(18).GetDouble(), 3);

        await using var context = db.CreateDbContext();
        var lists = db.Get<StatusEngine>();
        var asOf = await lists.PrepareAsync(context, admin, scope);
        Assert.Equal(dashboard.Assignments, await StatusEngine.Filter(context, admin, scope, asOf).CountAsync());
        Assert.Equal(dashboard.Overdue, await StatusEngine.Filter(context, admin, scope with { Overdue = true }, asOf).CountAsync());
    }

    [Fact]
    public async Task AReportedNoteStartingWithAnEqualsSignStaysLiteralTextInTheWorkbook()
    {
        var db = await WorkDatabase.ForClassAsync<QuarterlyWorkbookTests>(server);
        var assignment = await db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await db.ActorAsync(AppRoles.Liaison, assignment.UnitId);
        await db.Get<WorkService>().ReportProgressAsync(liaison, new ProgressReportInput(assignment.Id, await db.VersionAsync(assignment.Id),
            Quarter, Injection, "+1+1", "@SUM(A1)", null, []));

        var (_, workbook, report) = await ExportAsync(unitId: assignment.UnitId);
        var detail = workbook.Worksheet(DetailSheet.Name);
        var row = RowsOfTasks(detail, report)[assignment.TaskId];
        foreach (var (column, text) in new[] { (10, Injection), (11, "+1+1"), (12, "@SUM(A1)") })
        {
            var cell = detail.Cell(row, column);
            Assert.False(cell.HasFormula);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(text, cell.GetString());
        }
    }

    [Fact]
    public async Task LiteralTextHelperNeverMakesFormulasOrNumbersFromUserText()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("x");
        string[] texts = [Injection, "=1+1", "+1", "-1", "@SUM(A1)", "0012", "2025-10-31"];
        for (var i = 0; i < texts.Length; i++) LedgerStyle.Text(sheet.Cell(i + 1, 1), texts[i]);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        using var reopened = new XLWorkbook(new MemoryStream(stream.ToArray()));
        for (var i = 0; i < texts.Length; i++)
        {
            var cell = reopened.Worksheet(1).Cell(i + 1, 1);
            Assert.False(cell.HasFormula);
            Assert.Equal(texts[i], cell.GetString());
        }
    }

    [Fact]
    public async Task ALiaisonsExportHoldsOnlyTheTasksTheirUnitTakesPartIn()
    {
        var db = await WorkDatabase.ForClassAsync<QuarterlyWorkbookTests>(server);
        var liaison = await db.ActorAsync(AppRoles.Liaison, db.FgwUnitId);
        var (_, workbook, report) = await ExportAsync(liaison);
        await using var context = db.CreateDbContext();
        var theirs = await context.Assignments.Where(a => a.UnitId == db.FgwUnitId).Select(a => a.TaskId).Distinct().CountAsync();

        Assert.Equal(theirs, report.Tasks.Count());
        Assert.All(report.Tasks.SelectMany(t => t.Assignments), a => Assert.Equal(db.FgwUnitId, a.UnitId));
        Assert.Equal(theirs, workbook.Worksheet(SummarySheet.Name).RowsUsed().Last().Cell(3).GetDouble());
    }

    [Fact]
    public async Task AQuarterNotYetStartedOrAPlanOutOfReachIsRefusedWithAReason()
    {
        var db = await WorkDatabase.ForClassAsync<QuarterlyWorkbookTests>(server);
        var queries = db.Get<QuarterlyReportQueries>();
        var outsider = await db.ActorAsync(AppRoles.Coordinator, regionName: "伊川县");
        var admin = await db.ActorAsync(AppRoles.Admin);

        var future = await Assert.ThrowsAsync<ReportRequestException>(() => queries.LoadAsync(admin, new(Plan, "2026Q1")));
        var hidden = await Assert.ThrowsAsync<ReportRequestException>(() => queries.LoadAsync(outsider, new(Plan, Quarter)));
        var malformed = await Assert.ThrowsAsync<ReportRequestException>(() => queries.LoadAsync(outsider, new(Plan, "2025-3")));

        Assert.Contains("尚未开始", future.Message);
        Assert.True(hidden.NotFound);
        Assert.Contains("格式", malformed.Message);
    }

    [Fact]
    public async Task EverySheetOfAOnePlanFileIsAPrintableLedgerTableInTheLedgerLook()
    {
        var db = await WorkDatabase.ForClassAsync<QuarterlyWorkbookTests>(server);
        var admin = await db.ActorAsync(AppRoles.Admin);
        var report = await db.Get<QuarterlyReportQueries>().LoadAsync(admin, new(Plan, Quarter));
        var file = await db.Get<QuarterlyReportService>().ExportAsync(admin, new(Plan, Quarter));
        output.WriteLine($"{Plan} {Quarter}: load {file.LoadTime.TotalMilliseconds:0} ms, build {file.BuildTime.TotalMilliseconds:0} ms, {file.Content.Length / 1024} KB");
        // For the docs screenshot: AIRPLAN_REPORT_SAMPLE=/tmp/sample.xlsx keeps a copy of the workbook (AIRPLAN_REPORT_SAMPLE_ALL: all plans).
        if (Environment.GetEnvironmentVariable("AIRPLAN_REPORT_SAMPLE") is { Length: > 0 } sample) await File.WriteAllBytesAsync(sample, file.Content);
        if (Environment.GetEnvironmentVariable("AIRPLAN_REPORT_SAMPLE_ALL") is { Length: > 0 } sampleAll)
            await File.WriteAllBytesAsync(sampleAll, (await db.Get<QuarterlyReportService>().ExportAsync(admin, new(QuarterlyReportRequest.AllPlans, Quarter))).Content);
        Assert.Equal("孟津区任务推进台账_2025Q4.xlsx", file.FileName);
        Assert.Single(report.Plans);
        using var workbook = new XLWorkbook(new MemoryStream(file.Content));

        IReadOnlyList<(string Text, double Width)> townships = TownshipSheet.Header(TownshipSheet.Blocks(report).Single());
        foreach (var (name, columns, filtered) in new[]
        {
            (SummarySheet.Name, (IReadOnlyList<(string Text, double Width)>)SummarySheet.Columns, false),
            (DetailSheet.Name, DetailSheet.Columns, true), (OverdueSheet.Name, OverdueSheet.Columns, true), (TownshipSheet.NameOf(AreaTerms.Townships), townships, true),
        })
        {
            var sheet = workbook.Worksheet(name);
            var title = sheet.Cell(1, 1);
            Assert.Equal($"A1:{title.Worksheet.Cell(1, columns.Count).Address}", title.MergedRange().RangeAddress.ToString());
            Assert.True(title.Style.Font.Bold);
            Assert.Equal(16, title.Style.Font.FontSize);
            Assert.Equal(XLAlignmentHorizontalValues.Center, title.Style.Alignment.Horizontal);
            Assert.StartsWith("填报单位：孟津区", sheet.Cell(2, 1).GetString());
            Assert.Equal(columns.Select(c => c.Text), Enumerable.Range(1, columns.Count).Select(c => sheet.Cell(3, c).GetString()));
            for (var c = 1; c <= columns.Count; c++)
            {
                Assert.Equal(columns[c - 1].Width, sheet.Column(c).Width, 1);
                Assert.True(sheet.Cell(3, c).Style.Font.Bold);
                Assert.Equal(LedgerStyle.HeaderFill, sheet.Cell(3, c).Style.Fill.BackgroundColor);
            }
            Assert.Equal(LedgerStyle.HeaderHeight, sheet.Row(3).Height, 1);
            var body = sheet.Cell(4, 2);
            Assert.Equal(LedgerStyle.Font, body.Style.Font.FontName);
            Assert.Equal((XLBorderStyleValues.Thin, XLBorderStyleValues.Thin), (body.Style.Border.LeftBorder, body.Style.Border.BottomBorder));
            Assert.True(body.Style.Alignment.WrapText);
            Assert.Equal(XLAlignmentVerticalValues.Center, body.Style.Alignment.Vertical);
            Assert.Equal(3, sheet.SheetView.SplitRow);
            Assert.Equal(filtered, sheet.AutoFilter.IsEnabled);
            if (filtered) Assert.Equal($"A3:{sheet.Cell(sheet.LastRowUsed().RowNumber(), columns.Count).Address}", sheet.AutoFilter.Range.RangeAddress.ToString());
            var page = sheet.PageSetup;
            Assert.Equal((XLPaperSize.A3Paper, XLPageOrientation.Landscape, 1, 0), (page.PaperSize, page.PageOrientation, page.PagesWide, page.PagesTall));
            Assert.Equal((1, 3), (page.FirstRowToRepeatAtTop, page.LastRowToRepeatAtTop));
            Assert.True(page.CenterHorizontally);
            Assert.DoesNotContain(sheet.CellsUsed(), c => c.HasFormula);
        }

        // Rows are as high as their wrapped text (estimated, nobody re-measures a generated file); an overdue 逾期任务 row is red on red.
        var detail = workbook.Worksheet(DetailSheet.Name);
        var longest = report.Tasks.MaxBy(t => LedgerStyle.LinesOf(t.Text, DetailSheet.Columns[3].Width))!;
        Assert.True(LedgerStyle.LinesOf(longest.Text, DetailSheet.Columns[3].Width) > 1);
        Assert.True(detail.Row(RowsOfTasks(detail, report)[longest.Id]).Height > 2 * LedgerStyle.LineHeight);
        var overdue = workbook.Worksheet(OverdueSheet.Name).Cell(4, 2);
        Assert.Equal((XLColor.Red, LedgerStyle.OverdueFill), (overdue.Style.Font.FontColor, overdue.Style.Fill.BackgroundColor));
        Assert.Equal(XLColor.Red, detail.Cell(RowsOfTasks(detail, report)[report.Tasks.First(t => t.IsOverdue).Id], 1).Style.Font.FontColor);
    }

    /// <summary>Row of each task in 任务明细, found by its title in the order the report lists them.</summary>
    private static Dictionary<int, int> RowsOfTasks(IXLWorksheet detail, QuarterlyReport report)
    {
        var rows = new Dictionary<int, int>();
        var row = 4;
        foreach (var task in report.Tasks)
        {
            Assert.Equal(task.Title, detail.Cell(row, 3).GetString());
            rows[task.Id] = row;
            row += 1 + task.Subitems.Count;
        }
        return rows;
    }
}
