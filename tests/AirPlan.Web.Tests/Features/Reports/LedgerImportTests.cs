using AirPlan.Core.Domain;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Plans.Import.Ledger;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Reports;

[Collection(PostgresCollection.Name)]
public sealed class LedgerImportTests(PostgresServer server)
{
    private async Task<(WorkDatabase Db, LedgerImportService Service, UserContext Admin)> SetupAsync()
    {
        var db = await WorkDatabase.ForClassAsync<LedgerImportTests>(server);
        return (db, db.Get<LedgerImportService>(), await db.ActorAsync(AppRoles.Admin));
    }

    /// <summary>A ledger laid out the way offices do: title rows above the header, columns in their own order.</summary>
    private static byte[] Ledger(Action<IXLWorksheet> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Sheet1");
        sheet.Cell(1, 1).SetValue("孟津区扬尘治理专项行动任务台账");
        sheet.Cell(2, 1).SetValue("填报单位：孟津区");
        string[] headers = ["序号", "任务名称", "牵头单位", "完成时限", "责任单位", "具体内容", "落实乡镇"];
        for (var i = 0; i < headers.Length; i++) sheet.Cell(4, i + 1).SetValue(headers[i]);
        rows(sheet);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Row(IXLWorksheet sheet, int row, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is DateTime date) sheet.Cell(row, i + 1).SetValue(date);
            else sheet.Cell(row, i + 1).SetValue(values[i].ToString());
        }
    }

    private static byte[] GoodLedger() => Ledger(sheet =>
    {
        Row(sheet, 5, "1", "施工工地扬尘治理", "区住建局", "2025年12月底前", "区生态环境分局、区城管局", "落实“六个百分之百”", "");
        Row(sheet, 6, "2", "道路扬尘清扫保洁", "区城管局", new DateTime(2025, 11, 30), "区交通运输局", "提高机扫率", "各乡镇（街道）");
        Row(sheet, 7, "3", "裸露地面苫盖", "公安局", "2025.10.31", "", "全面排查裸露地面", "");
    });

    [Fact]
    public async Task ImportingALedgerWritesOneHistoryRowWithItsTaskAndAssignmentCounts()
    {
        var (db, service, admin) = await SetupAsync();

        // Its own title, so the source (and its hash) differs from the other tests' imports of the same rows.
        var result = await service.ImportAsync(admin, GoodLedger(), new LedgerImportForm("dust-audited", "孟津区扬尘治理留痕测试方案", db.MengjinRegionId));

        Assert.Equal(PlanImportOutcome.Imported, result.Outcome);
        await using var context = db.CreateDbContext();
        var planId = await context.Plans.Where(p => p.Key == "dust-audited").Select(p => p.Id).SingleAsync();
        var row = await context.AuditEntries.SingleAsync(a => a.Action == PlanImporter.LedgerImportAction && a.EntityId == planId.ToString());
        Assert.Equal(admin.UserId, row.UserId);
        Assert.Contains($"{result.TaskCount} 项任务", row.Summary);
        Assert.Contains($"{result.AssignmentCount} 条责任分工", row.Summary);
        Assert.True(result.AssignmentCount > result.TaskCount);
    }

    [Fact]
    public async Task AGoodLedgerPreviewsEveryTaskAndImportsThemInOneGo()
    {
        var (db, service, admin) = await SetupAsync();
        var content = GoodLedger();

        var preview = await service.PreviewAsync(admin, content, regionId: db.MengjinRegionId);
        Assert.Empty(preview.Problems);
        Assert.Equal(4, preview.HeaderRow);
        Assert.Equal("孟津区扬尘治理专项行动", preview.SuggestedTitle);
        Assert.Equal(db.MengjinRegionId, preview.SuggestedRegionId);
        Assert.Equal(["施工工地扬尘治理", "道路扬尘清扫保洁", "裸露地面苫盖"], preview.Tasks.Select(t => t.Title));
        Assert.Equal(["区住建局"], preview.Tasks[0].Lead);
        Assert.Equal(["区生态环境分局", "区城管局"], preview.Tasks[0].Supporting);
        Assert.Equal([new DateOnly(2025, 12, 31)], preview.Tasks[0].Deadlines);
        Assert.Equal([new DateOnly(2025, 11, 30)], preview.Tasks[1].Deadlines);
        Assert.Equal(Core.Parsing.TownshipScopeKind.All, preview.Tasks[1].Townships.Kind);
        // Same rule as the document parser: a bare department takes the plan's level prefix.
        Assert.Equal(["区公安局"], preview.Tasks[2].Lead);
        Assert.Equal([new DateOnly(2025, 10, 31)], preview.Tasks[2].Deadlines);
        await using (var before = db.CreateDbContext())
            Assert.False(await before.Plans.AnyAsync(p => p.Key == "dust-2025"));

        var result = await service.ImportAsync(admin, content, new LedgerImportForm("dust-2025", preview.SuggestedTitle, db.MengjinRegionId));
        Assert.Equal(PlanImportOutcome.Imported, result.Outcome);
        Assert.Equal(3, result.TaskCount);
        await using var context = db.CreateDbContext();
        var plan = await context.Plans.SingleAsync(p => p.Key == "dust-2025");
        Assert.Equal("孟津区扬尘治理专项行动", plan.Title);
        var townships = await context.Assignments.CountAsync(a => a.Task!.PlanId == plan.Id && a.Role == AssignmentRole.Implementing);
        Assert.True(townships > 5);
        Assert.Equal(PlanImportOutcome.AlreadyImported,
            (await service.ImportAsync(admin, content, new LedgerImportForm("dust-2025-again", preview.SuggestedTitle, db.MengjinRegionId))).Outcome);
    }

    [Fact]
    public async Task BadRowsAreListedWithRowNumberAndReasonAndLeftOutWhileMergedCellsAndBlankRowsAreHandled()
    {
        var (db, service, admin) = await SetupAsync();
        var content = Ledger(sheet =>
        {
            Row(sheet, 5, "1", "", "区住建局", "2025年12月底前", "", "", "");                   // missing 任务名称
            Row(sheet, 6, "2", "秸秆禁烧巡查", "张三", "2025年12月底前", "", "", "");            // unknown unit
            Row(sheet, 7, "3", "餐饮油烟治理", "区城管局", "尽快完成", "", "", "");              // unreadable date
            // 8–9: blank rows
            Row(sheet, 10, "4", "工业企业深度治理", "区工信局", "2025年11月30日", "区生态环境分局", "总体要求", "");
            Row(sheet, 11, "", "（1）钢铁企业超低排放", "", "", "", "完成有组织排放改造", "");
            Row(sheet, 12, "", "（2）水泥企业深度治理", "", "", "", "完成无组织排放治理", "");
            sheet.Range(10, 1, 12, 1).Merge();   // 序号 spans the task and its two sub-items
            sheet.Range(10, 3, 12, 3).Merge();   // 牵头单位 too
            Row(sheet, 13, "5", "柴油货车抽检", "区公安局", "2025年10月31日前", "", "", "");
            Row(sheet, 14, "6", "加油站油气回收检查", "", "2025年12月31日", "区市场监管局", "", "");
            sheet.Range(13, 3, 14, 3).Merge();   // one lead cell merged over two different tasks
        });

        var preview = await service.PreviewAsync(admin, content, db.MengjinRegionId);

        Assert.Equal([5, 6, 7], preview.Problems.Select(p => p.Row).Distinct());
        Assert.Contains(preview.Problems, p => p.Row == 5 && p.Message.Contains("任务名称"));
        Assert.Contains(preview.Problems, p => p.Row == 6 && p.Message.Contains("张三"));
        Assert.Contains(preview.Problems, p => p.Row == 7 && p.Message.Contains("尽快完成"));
        Assert.Equal(2, preview.BlankRowsSkipped);
        Assert.Equal(["工业企业深度治理", "柴油货车抽检", "加油站油气回收检查"], preview.Tasks.Select(t => t.Title));
        Assert.Equal(2, preview.Tasks[0].SubitemCount);
        Assert.Equal(["区工信局"], preview.Tasks[0].Lead);
        Assert.Equal(["区公安局"], preview.Tasks[2].Lead);
        Assert.Equal(["区市场监管局"], preview.Tasks[2].Supporting);

        var result = await service.ImportAsync(admin, content, new LedgerImportForm("bad-rows-2025", "测试台账", db.MengjinRegionId));
        Assert.Equal(3, result.TaskCount);
        await using var context = db.CreateDbContext();
        Assert.Equal(2, await context.Tasks.CountAsync(t => t.Plan!.Key == "bad-rows-2025" && t.ParentId != null));
    }

    [Fact]
    public async Task AFileThatIsNotExcelButNamedXlsxGetsAClearChineseMessage()
    {
        var (db, service, admin) = await SetupAsync();
        var text = "序号,任务名称,牵头单位\n1,测试,区住建局\n"u8.ToArray();
        var fakeZip = new byte[] { (byte)'P', (byte)'K', 3, 4, 0, 0, 1, 2, 3 };

        var notExcel = await Assert.ThrowsAsync<LedgerFormatException>(() => service.PreviewAsync(admin, text, db.MengjinRegionId));
        var broken = await Assert.ThrowsAsync<LedgerFormatException>(() => service.PreviewAsync(admin, fakeZip, db.MengjinRegionId));
        var import = await service.ImportAsync(admin, text, new LedgerImportForm("not-excel", "x", db.MengjinRegionId));

        Assert.Equal(LedgerWorkbookReader.NotExcel, notExcel.Message);
        Assert.Equal(LedgerWorkbookReader.NotExcel, broken.Message);
        Assert.False(import.Succeeded);
        Assert.Contains("Excel", import.Errors[0].Message);
    }

    [Fact]
    public async Task OnlyAdminsAndTheRegionsCoordinatorsMayImport()
    {
        var (db, service, _) = await SetupAsync();
        var liaison = await db.ActorAsync(AppRoles.Liaison, db.FgwUnitId);
        var otherCoordinator = await db.ActorAsync(AppRoles.Coordinator, regionName: "伊川县");

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.PreviewAsync(liaison, GoodLedger(), null));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            service.ImportAsync(otherCoordinator, GoodLedger(), new LedgerImportForm("denied", "x", db.MengjinRegionId)));
        Assert.DoesNotContain(await service.RegionsAsync(otherCoordinator), r => r.Id == db.MengjinRegionId);
    }

    [Fact]
    public async Task TheDownloadableTemplateIsALedgerTheImporterReads()
    {
        var (db, service, admin) = await SetupAsync();
        var preview = await service.PreviewAsync(admin, LedgerTemplate.Build(), db.MengjinRegionId);
        Assert.Equal(2, preview.Tasks.Count);
        Assert.Empty(preview.Problems);
    }

    [Fact]
    public async Task TheQuarterlyExportOfMengjinImportedBackGivesTheSameTasksUnitsAndDeadlines()
    {
        var (db, service, admin) = await SetupAsync();
        var export = await db.Get<QuarterlyReportService>().ExportAsync(admin, new QuarterlyReportRequest("mengjin-2024", "2025Q4"));

        var preview = await service.PreviewAsync(admin, export.Content, null);
        Assert.Empty(preview.Problems);
        Assert.Equal(db.MengjinRegionId, preview.SuggestedRegionId);
        var result = await service.ImportAsync(admin, export.Content, new LedgerImportForm("mengjin-roundtrip", preview.SuggestedTitle, db.MengjinRegionId));
        Assert.Equal(PlanImportOutcome.Imported, result.Outcome);

        await using var context = db.CreateDbContext();
        async Task<List<(string Title, string[] Lead, string[] Supporting, DateOnly[] Deadlines, int Subitems)>> TasksOf(string key) =>
            (await context.Tasks.AsNoTracking().Where(t => t.Plan!.Key == key && t.ParentId == null).OrderBy(t => t.Order)
                .Select(t => new
                {
                    t.Title,
                    Lead = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => a.Unit!.Name).ToList(),
                    Supporting = t.Assignments.Where(a => a.Role == AssignmentRole.Supporting).Select(a => a.Unit!.Name).ToList(),
                    Townships = t.Assignments.Count(a => a.Role == AssignmentRole.Implementing),
                    Deadlines = t.Milestones.Select(m => m.DueOn).ToList(),
                    Subitems = t.Subitems.Count,
                }).ToListAsync())
            .Select(t => (t.Title, t.Lead.Order().ToArray(), t.Supporting.Order().ToArray(), t.Deadlines.Distinct().Order().ToArray(), t.Subitems))
            .ToList();
        var original = await TasksOf("mengjin-2024");
        var copy = await TasksOf("mengjin-roundtrip");

        Assert.Equal(original.Count, copy.Count);
        for (var i = 0; i < original.Count; i++)
        {
            Assert.Equal(original[i].Title, copy[i].Title);
            Assert.Equal(original[i].Lead, copy[i].Lead);
            Assert.Equal(original[i].Supporting, copy[i].Supporting);
            Assert.Equal(original[i].Deadlines, copy[i].Deadlines);
            Assert.Equal(original[i].Subitems, copy[i].Subitems);
        }
        Assert.Equal(await context.Assignments.CountAsync(a => a.Task!.Plan!.Key == "mengjin-2024"),
            await context.Assignments.CountAsync(a => a.Task!.Plan!.Key == "mengjin-roundtrip"));
    }

    /// <summary>
    /// A ledger written the way a large file is, streamed (ClosedXML would take minutes to write 100,000 rows): the same
    /// title and header as <see cref="Ledger"/>, <paramref name="rows"/> task rows from row 5, and optionally one
    /// shared string of <paramref name="longCellLength"/> characters as row 12's 具体内容.
    /// </summary>
    private static byte[] StreamedLedger(int rows, int longCellLength = 0)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Sheet1", SheetId = 1, Id = "rIdSheet" }));
            if (longCellLength > 0)
            {
                var strings = workbook.AddNewPart<SharedStringTablePart>();
                strings.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text(new string('治', longCellLength))));
            }
            var part = workbook.AddNewPart<WorksheetPart>("rIdSheet");
            using var writer = OpenXmlWriter.Create(part);
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            void Write(int row, params string[] values)
            {
                writer.WriteStartElement(new Row { RowIndex = (uint)row });
                for (var i = 0; i < values.Length; i++)
                {
                    var reference = $"{(char)('A' + i)}{row}";
                    if (values[i] == "#long") writer.WriteElement(new Cell(new CellValue("0")) { CellReference = reference, DataType = CellValues.SharedString });
                    else writer.WriteElement(new Cell(new InlineString(new Text(values[i]))) { CellReference = reference, DataType = CellValues.InlineString });
                }
                writer.WriteEndElement();
            }
            Write(1, "孟津区扬尘治理专项行动任务台账");
            Write(4, "序号", "任务名称", "牵头单位", "完成时限", "责任单位", "具体内容", "落实乡镇");
            for (var i = 1; i <= rows; i++)
                Write(4 + i, i.ToString(), $"道路扬尘清扫保洁第{i}段", "区城管局", "2025年12月底前", "区交通运输局", longCellLength > 0 && 4 + i == 12 ? "#long" : "提高机扫率", "");
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task ALedgerOfAHundredThousandRowsIsRefusedAtTheRowLimitAndNothingIsImported()
    {
        var (db, service, admin) = await SetupAsync();
        var content = StreamedLedger(100_000);

        var preview = await Assert.ThrowsAsync<LedgerFormatException>(() => service.PreviewAsync(admin, content, db.MengjinRegionId));
        var import = await service.ImportAsync(admin, content, new LedgerImportForm("too-many-rows", "测试台账", db.MengjinRegionId));

        // Header on row 4: task row 5,001 is sheet row 5,005, where reading stopped.
        Assert.Equal(LedgerWorkbookReader.TooManyRows(4 + LedgerWorkbookReader.MaxRows + 1), preview.Message);
        Assert.Contains($"台账最多 {LedgerWorkbookReader.MaxRows} 行任务，第 5005 行起未读取", preview.Message);
        Assert.False(import.Succeeded);
        Assert.Equal(preview.Message, import.Errors[0].Message);
        await using var context = db.CreateDbContext();
        Assert.False(await context.Plans.AnyAsync(p => p.Key == "too-many-rows"));
    }

    [Fact]
    public void ALedgerOfExactlyTheRowLimitIsReadWhole()
    {
        var sheet = LedgerWorkbookReader.Read(StreamedLedger(LedgerWorkbookReader.MaxRows));

        Assert.Equal(LedgerWorkbookReader.MaxRows, sheet.Rows.Count);
        Assert.Equal(4, sheet.HeaderRow);
        Assert.Equal("孟津区扬尘治理专项行动任务台账", sheet.TitleText);
    }

    [Fact]
    public async Task ALedgerWithATenMillionCharacterCellIsRefusedNamingTheRowAndColumn()
    {
        var (db, service, admin) = await SetupAsync();
        var content = StreamedLedger(20, longCellLength: 10_000_000);

        var preview = await Assert.ThrowsAsync<LedgerFormatException>(() => service.PreviewAsync(admin, content, db.MengjinRegionId));
        var import = await service.ImportAsync(admin, content, new LedgerImportForm("long-cell", "测试台账", db.MengjinRegionId));

        Assert.Equal($"第 12 行“具体内容”超过 {LedgerWorkbookReader.MaxCellCharacters} 字，未导入。请精简该单元格后再导入。", preview.Message);
        Assert.False(import.Succeeded);
        await using var context = db.CreateDbContext();
        Assert.False(await context.Plans.AnyAsync(p => p.Key == "long-cell"));
    }
}
