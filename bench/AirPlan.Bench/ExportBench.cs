using System.Diagnostics;
using System.Globalization;
using System.Text;
using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Dashboard.Rollups;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Features.Reports.Sheets;
using AirPlan.Web.Security;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Bench;

/// <summary>
/// The 季度进展台账 export on the generated data (docs/performance.md): one county plan (as the app exports it,
/// QuarterlyReportService.ExportAsync; the measurement that replaced the tests' wall-clock assertion) and all plans through
/// QuarterlyReportQueries.LoadAsync + QuarterlyWorkbook (streamed, the one writer), next to the floor — the same cells of
/// the same loaded report written with a raw OpenXmlWriter (inline strings, one date style, no merges/borders/fills).
/// </summary>
public static class ExportBench
{
    /// <summary>What the CLI uses: sees every plan, like an administrator.</summary>
    private static readonly UserContext Admin = new("system", "system", "bench", new HashSet<string> { AppRoles.Admin },
        new HashSet<int>(), new HashSet<int>());

    private sealed record Run(double LoadMs, double BuildMs, double TotalMs, long AllocatedBytes, long PeakWorkingSet, long Bytes);

    private sealed record Result(string Name, List<Run> Runs, long Baseline, string Extra)
    {
        public double P50(Func<Run, double> pick) => Stats.Of(Runs.Select(pick).ToList()).P50;
        public double Max(Func<Run, double> pick) => Runs.Max(pick);
    }

    public static async Task<int> RunAsync(Args args)
    {
        var conn = args.Require("conn");
        var quarter = args.Get("quarter") ?? "2025Q4";
        var countyIterations = args.Int("county-iterations", 5);
        var allIterations = args.Int("all-iterations", 2);
        var allWarmup = args.Int("all-warmup", 1);
        using var host = await BenchHost.StartAsync(conn);
        var services = host.Services;
        var queries = services.GetRequiredService<QuarterlyReportQueries>();
        string countyPlan;
        long assignments, tasks;
        await using (var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            countyPlan = args.Get("plan") ?? await db.Plans.Where(p => p.Key.StartsWith("gen-")).OrderBy(p => p.Key).Select(p => p.Key).FirstOrDefaultAsync()
                ?? throw new InvalidOperationException("no generated plans: run `airplan generate` first");
            assignments = await db.Assignments.LongCountAsync();
            tasks = await db.Tasks.LongCountAsync(t => t.ParentId == null);
        }
        Console.WriteLine($"database: {tasks} tasks, {assignments} assignments; quarter {quarter}; county plan {countyPlan}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Server GC {(global::System.Runtime.GCSettings.IsServerGC)}, " +
            $"{Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9, 1)} GB available to the GC");

        var countyRequest = new QuarterlyReportRequest(countyPlan, quarter);
        var allRequest = new QuarterlyReportRequest(QuarterlyReportRequest.AllPlans, quarter);

        // (a) one county plan, the export a user downloads: QuarterlyReportService.ExportAsync (load, then the workbook built
        // off the caller's thread), as the endpoint and the CLI call it. 1 warm-up (JIT, EF model), then N timed runs.
        var service = services.GetRequiredService<QuarterlyReportService>();
        var countyDescription = Describe(await queries.LoadAsync(Admin, countyRequest));
        var county = await MeasureAsync("one plan (QuarterlyReportService)", 1, countyIterations, async () =>
        {
            var file = await service.ExportAsync(Admin, countyRequest);
            return (file.LoadTime.TotalMilliseconds, file.BuildTime.TotalMilliseconds, file.Content.LongLength, countyDescription);
        });
        Print(county);

        // (c) the floor, first on the county (cheap) then on all plans, from a report loaded once outside the timing.
        var countyReport = await queries.LoadAsync(Admin, countyRequest);
        var countyFloor = await MeasureAsync("one county (floor: OpenXmlWriter)", 1, countyIterations, () =>
        {
            var w = Stopwatch.StartNew();
            var (size, cells) = Floor.Write(countyReport);
            return Task.FromResult((0.0, w.Elapsed.TotalMilliseconds, size, $"{cells} cells"));
        });
        Print(countyFloor);
        countyReport = null;

        // (b) all plans: load once for the floor, then the floor, then the real export (so the real export's peak is its own).
        var loadWatch = Stopwatch.StartNew();
        var allReport = await queries.LoadAsync(Admin, allRequest);
        var allLoadMs = loadWatch.Elapsed.TotalMilliseconds;
        Console.WriteLine($"all plans: load (once, untimed warm-up aside) {allLoadMs:F0} ms");
        var allDescription = Describe(allReport);
        Console.WriteLine($"all plans: {allDescription}");
        var allFloor = await MeasureAsync("all plans (floor: OpenXmlWriter)", 1, Math.Max(allIterations, 3), () =>
        {
            var w = Stopwatch.StartNew();
            var (size, cells) = Floor.Write(allReport);
            return Task.FromResult((0.0, w.Elapsed.TotalMilliseconds, size, $"{cells} cells"));
        });
        Print(allFloor);

        // The workbook as ToBytes writes it (streamed), from the same loaded report: build time, allocation
        // and peak of the writer alone, next to the floor's.
        var allStreamed = await MeasureAsync("all plans (streamed, loaded once)", 1, Math.Max(allIterations, 3), () =>
        {
            var w = Stopwatch.StartNew();
            var bytes = QuarterlyWorkbook.ToBytes(allReport);
            return Task.FromResult((0.0, w.Elapsed.TotalMilliseconds, bytes.LongLength, ""));
        });
        Print(allStreamed);

        allReport = null;

        Result? all = allIterations <= 0 ? null : await MeasureAsync("all plans (QuarterlyWorkbook: streamed)", allWarmup, allIterations, async () =>
        {
            var w = Stopwatch.StartNew();
            var report = await queries.LoadAsync(Admin, allRequest);
            var load = w.Elapsed.TotalMilliseconds;
            var bytes = QuarterlyWorkbook.ToBytes(report);
            return (load, w.Elapsed.TotalMilliseconds - load, bytes.LongLength, Describe(report));
        });
        if (all is not null) Print(all);

        var md = new StringBuilder();
        md.AppendLine($"Data: {tasks} tasks, {assignments} assignments; quarter {quarter}; county plan `{countyPlan}`; all plans: {allDescription}.");
        md.AppendLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Server GC {(global::System.Runtime.GCSettings.IsServerGC)}.");
        md.AppendLine();
        md.AppendLine("| export | runs | load p50 ms | build p50 ms | total p50 ms | total max ms | allocated / run | peak working set | file | build ÷ floor | total ÷ (load + floor) | target | met |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        void Row(Result r, Result? floor, string target, string met)
        {
            var build = r.P50(x => x.BuildMs);
            var ratio = floor is null ? "" : $"{build / floor.P50(x => x.BuildMs):F1}×";
            var totalRatio = floor is null ? "" : $"{r.P50(x => x.TotalMs) / (r.P50(x => x.LoadMs) + floor.P50(x => x.BuildMs)):F1}×";
            var line = $"| {r.Name} | {r.Runs.Count} | {r.P50(x => x.LoadMs):F0} | {build:F0} | {r.P50(x => x.TotalMs):F0} | {r.Max(x => x.TotalMs):F0} | " +
                $"{Mb(r.P50(x => x.AllocatedBytes))} | {Mb(r.Max(x => x.PeakWorkingSet))} (before: {Mb(r.Baseline)}) | {Mb(r.P50(x => x.Bytes))} | {ratio} | {totalRatio} | {target} | {met} |";
            md.AppendLine(line);
        }
        var countyMet = county.P50(x => x.TotalMs) < 1000;
        Row(county, countyFloor, "total < 1 s", countyMet ? "yes" : "**no**");
        Row(countyFloor, null, "(floor)", "");
        if (all is not null)
        {
            var allRatio = all.P50(x => x.BuildMs) / allFloor.P50(x => x.BuildMs);
            var allPeak = all.Max(x => x.PeakWorkingSet);
            Row(all, allFloor, "build ≤ 10× floor; peak < 1 GB",
                $"{(allRatio <= 10 ? "yes" : "**no**")} ({allRatio:F1}×); {(allPeak < 1L << 30 ? "yes" : "**no**")} ({Mb(allPeak)})");
        }
        Row(allFloor, null, "(floor)", "");
        Row(allStreamed, allFloor, "build ≤ 10× floor", allStreamed.P50(x => x.BuildMs) / allFloor.P50(x => x.BuildMs) <= 10 ? "yes" : "**no**");
        md.AppendLine();
        md.AppendLine($"All-plans load (QuarterlyReportQueries.LoadAsync, once): {allLoadMs:F0} ms.");
        Console.WriteLine();
        Console.WriteLine(md.ToString());
        if (args.Get("out") is { } output) await File.WriteAllTextAsync(output, md.ToString());
        return 0;
    }

    private static string Mb(double bytes) => $"{bytes / (1024 * 1024):F0} MB";

    private static string Describe(QuarterlyReport r)
    {
        var tasks = r.Tasks.ToList();
        return $"{r.Plans.Count} plans, {tasks.Count} tasks, {tasks.Sum(t => t.Subitems.Count)} sub-items, {tasks.Sum(t => t.Assignments.Count)} assignments, " +
            $"{tasks.Sum(t => t.Assignments.Count(a => a.DaysOverdue > 0))} overdue";
    }

    /// <summary>
    /// Warm-up, then timed runs. Per run: a full GC first, peak RSS reset (/proc/self/clear_refs 5, Linux) so
    /// Process.PeakWorkingSet64 (VmHWM) afterwards is the run's own peak, a 10 ms sampler of WorkingSet64 as a
    /// cross-check, and GC.GetTotalAllocatedBytes(precise) before and after.
    /// </summary>
    private static async Task<Result> MeasureAsync(string name, int warmup, int iterations,
        Func<Task<(double LoadMs, double BuildMs, long Bytes, string Extra)>> action)
    {
        var extra = "";
        for (var i = 0; i < warmup; i++)
        {
            var w = Stopwatch.StartNew();
            var (load, build, _, e) = await action();
            extra = e;
            Console.WriteLine($"  {name} warm-up: load {load:F0} ms, build {build:F0} ms, total {w.Elapsed.TotalMilliseconds:F0} ms");
        }
        var runs = new List<Run>();
        long baseline = 0;
        for (var i = 0; i < iterations; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, true, true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, true, true);
            ResetPeak();
            using var process = Process.GetCurrentProcess();
            baseline = process.WorkingSet64;
            long sampled = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var p = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    p.Refresh();
                    sampled = Math.Max(sampled, p.WorkingSet64);
                    try { await Task.Delay(10, stop.Token); } catch (OperationCanceledException) { }
                }
            });
            var allocated = GC.GetTotalAllocatedBytes(true);
            var total = Stopwatch.StartNew();
            var (load, build, bytes, e) = await action();
            var totalMs = total.Elapsed.TotalMilliseconds;
            allocated = GC.GetTotalAllocatedBytes(true) - allocated;
            stop.Cancel();
            await sampler;
            process.Refresh();
            var peak = Math.Max(process.PeakWorkingSet64, sampled);
            runs.Add(new Run(load, build, totalMs, allocated, peak, bytes));
            extra = e;
            Console.WriteLine($"  {name} #{i + 1}: load {load:F0} ms, build {build:F0} ms, total {totalMs:F0} ms, allocated {Mb(allocated)}, " +
                $"peak WS {Mb(process.PeakWorkingSet64)} (sampled {Mb(sampled)}, before {Mb(baseline)}), {bytes / 1024} KB");
        }
        return new Result(name, runs, baseline, extra);
    }

    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (Exception) { /* not Linux or not allowed: peak is then the process's */ }
    }

    private static void Print(Result r) =>
        Console.WriteLine($"{r.Name,-36} load p50 {r.P50(x => x.LoadMs),7:F0}  build p50 {r.P50(x => x.BuildMs),7:F0}  total p50 {r.P50(x => x.TotalMs),7:F0} ms  " +
            $"alloc {Mb(r.P50(x => x.AllocatedBytes))}  peak {Mb(r.Max(x => x.PeakWorkingSet))}  file {Mb(r.P50(x => x.Bytes))}  {r.Extra}");

    /// <summary>
    /// The same cells as QuarterlyWorkbook's 汇总, 任务明细, 逾期任务 and 乡镇落实情况 (titles, headers, rows; same texts,
    /// numbers and dates), SAX-style: no merges, borders, fills, widths, heights or print setup.
    /// </summary>
    public static class Floor
    {
        private const int MaxCellText = 32767;

        public static (long Size, long Cells) Write(QuarterlyReport report)
        {
            using var stream = new MemoryStream();
            long cells = 0;
            using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
            {
                var workbookPart = document.AddWorkbookPart();
                workbookPart.Workbook = new Workbook();
                var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
                styles.Stylesheet = new Stylesheet(
                    new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = LedgerStyle.DateFormat }) { Count = 1 },
                    new Fonts(new DocumentFormat.OpenXml.Spreadsheet.Font(new FontSize { Val = 11 }, new FontName { Val = LedgerStyle.Font })) { Count = 1 },
                    new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                    new Borders(new Border()) { Count = 1 },
                    new CellStyleFormats(new CellFormat()) { Count = 1 },
                    new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 2 });
                var sheets = workbookPart.Workbook.AppendChild(new Sheets());
                uint id = 0;
                void Sheet(string name, Action<SheetWriter> write)
                {
                    var part = workbookPart.AddNewPart<WorksheetPart>();
                    using (var writer = OpenXmlWriter.Create(part))
                    {
                        writer.WriteStartElement(new Worksheet());
                        writer.WriteStartElement(new SheetData());
                        var sheet = new SheetWriter(writer);
                        write(sheet);
                        sheet.EndRow();
                        cells += sheet.Cells;
                        writer.WriteEndElement();
                        writer.WriteEndElement();
                    }
                    sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = ++id, Name = name });
                }
                Sheet(SummarySheet.Name, s => Summary(s, report));
                Sheet(DetailSheet.Name, s => Detail(s, report));
                Sheet(OverdueSheet.Name, s => Overdue(s, report));
                Sheet(TownshipSheet.NameOf(report.Areas), s => Townships(s, report));
                workbookPart.Workbook.Save();
            }
            return (stream.Length, cells);
        }

        private static void Title(SheetWriter s, string title, string filler, DateOnly asOf, int columns)
        {
            s.Row(1); s.Text(1, title);
            s.Row(2); s.Text(1, $"填报单位：{filler}"); s.Text(Math.Max(1, columns / 2) + 1, $"截至日期：{ChineseDate.Format(asOf)}");
        }

        private static void Header(SheetWriter s, IEnumerable<string> columns)
        {
            s.Row(LedgerStyle.HeaderRow);
            var c = 0;
            foreach (var text in columns) s.Text(++c, text);
        }

        private static void Summary(SheetWriter s, QuarterlyReport report)
        {
            Title(s, report.Title, report.Filler, report.AsOf, SummarySheet.Columns.Length);
            Header(s, SummarySheet.Columns.Select(c => c.Text));
            var row = LedgerStyle.HeaderRow;
            void Counts(RollupFigures f)
            {
                s.Number(3, f.Assignments); s.Number(4, f.Completed); s.Number(5, f.InProgress); s.Number(6, f.Submitted);
                s.Number(7, f.Continuous); s.Number(8, f.NotStarted); s.Number(9, f.Overdue); s.Number(10, f.PercentDone / 100.0);
            }
            foreach (var (title, rows) in new[] { ("牵头单位", report.Summary.LeadUnits), ("配合单位", report.Summary.SupportingUnits), ("落实乡镇", report.Summary.Townships) })
                foreach (var line in rows)
                {
                    s.Row(++row); s.Text(1, title); s.Text(2, line.Name); Counts(line.Figures);
                }
            s.Row(++row); s.Text(1, "合计"); Counts(report.Summary.Total);
        }

        private static void Detail(SheetWriter s, QuarterlyReport report)
        {
            Title(s, report.Title, report.Filler, report.AsOf, DetailSheet.Columns.Length);
            Header(s, DetailSheet.Columns.Select(c => c.Text));
            var row = LedgerStyle.HeaderRow;
            foreach (var plan in report.Plans)
            {
                if (report.Plans.Count > 1) { s.Row(++row); s.Text(1, plan.Title); }
                var seq = 0;
                foreach (var task in plan.Tasks)
                {
                    s.Row(++row);
                    s.Number(1, ++seq); s.Text(2, task.Chapter); s.Text(3, task.Title); s.Text(4, task.Text);
                    s.Text(5, string.Join("、", task.LeadUnits)); s.Text(6, string.Join("、", task.SupportingUnits)); s.Text(7, task.Townships);
                    if (task.Deadlines.Count == 1) s.Date(8, task.Deadlines[0]);
                    else if (task.Deadlines.Count > 1) s.Text(8, string.Join("\n", task.Deadlines.Select(d => ChineseDate.Format(d) + "前")));
                    else s.Text(8, task.IsContinuous ? "持续推进" : task.Recurrence ?? "");
                    s.Text(9, TaskRollup.Title(task.State)); s.Text(10, task.Progress); s.Text(11, task.Problems); s.Text(12, task.NextSteps);
                    s.Number(13, task.EvidenceCount); s.Text(14, task.IsOverdue ? "是" : "否"); s.Number(15, task.DaysOverdue);
                    foreach (var sub in task.Subitems)
                    {
                        s.Row(++row); s.Text(3, sub.Title.Length > 0 ? sub.Title : sub.Number); s.Text(4, sub.Text);
                    }
                }
            }
        }

        private static void Overdue(SheetWriter s, QuarterlyReport report)
        {
            Title(s, report.Title.Replace("任务推进台账", "逾期任务清单"), report.Filler, report.AsOf, OverdueSheet.Columns.Length);
            Header(s, OverdueSheet.Columns.Select(c => c.Text));
            var rows = report.Tasks
                .SelectMany(t => t.Assignments.Where(a => a.DaysOverdue > 0).Select(a => (Task: t, Assignment: a)))
                .OrderByDescending(x => x.Assignment.DaysOverdue).ThenBy(x => x.Task.PlanKey).ThenBy(x => x.Task.Id);
            var row = LedgerStyle.HeaderRow;
            foreach (var (task, a) in rows)
            {
                s.Row(++row);
                s.Number(1, row - LedgerStyle.HeaderRow); s.Text(2, task.Title); s.Text(3, a.UnitName); s.Text(4, StatusTitles.Of(a.Role));
                s.Text(5, StatusTitles.Of(a.Status)); s.Text(6, string.Join("\n", task.Deadlines.Select(d => ChineseDate.Format(d) + "前")));
                s.Date(7, a.FirstMissedDue); s.Number(8, a.DaysOverdue);
                if (a.LastReportOn is { } reported) s.Date(9, reported); else s.Text(9, "未报送");
            }
        }

        /// <summary>One block per plan (plan title, header of its townships, its tasks), as TownshipSheet lays it out.</summary>
        private static void Townships(SheetWriter s, QuarterlyReport report)
        {
            var blocks = TownshipSheet.Blocks(report);
            Title(s, TownshipSheet.Title(report), report.Filler, report.AsOf, TownshipSheet.TitleColumns(blocks));
            var row = LedgerStyle.HeaderRow - (report.Plans.Count > 1 ? 1 : 0);
            foreach (var block in blocks)
            {
                if (report.Plans.Count > 1) { s.Row(++row); s.Text(1, block.PlanTitle); }
                s.Row(++row);
                var c = 0;
                foreach (var (text, _) in TownshipSheet.Header(block)) s.Text(++c, text);
                var seq = 0;
                foreach (var line in block.Rows)
                {
                    s.Row(++row); s.Number(1, ++seq); s.Text(2, line.Task.Title);
                    foreach (var (column, a) in line.Cells) s.Text(column, StatusTitles.Of(a.Status));
                }
            }
        }

        /// <summary>Rows and cells through OpenXmlWriter: inline strings, numbers, dates (style 1), references on every cell.</summary>
        private sealed class SheetWriter(OpenXmlWriter writer)
        {
            private static readonly List<string> Letters = [];
            private int row;
            private bool open;
            public long Cells { get; private set; }

            public void Row(int index)
            {
                EndRow();
                row = index;
                writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", index.ToString(CultureInfo.InvariantCulture))]);
                open = true;
            }

            public void EndRow()
            {
                if (open) writer.WriteEndElement();
                open = false;
            }

            private string Ref(int column) => Letter(column) + row.ToString(CultureInfo.InvariantCulture);

            private static string Letter(int column)
            {
                lock (Letters)
                {
                    while (Letters.Count < column)
                    {
                        var n = Letters.Count + 1;
                        var s = "";
                        while (n > 0) { var m = (n - 1) % 26; s = (char)('A' + m) + s; n = (n - 1) / 26; }
                        Letters.Add(s);
                    }
                    return Letters[column - 1];
                }
            }

            public void Text(int column, string? text)
            {
                text ??= "";
                if (text.Length > MaxCellText) text = text[..(MaxCellText - 1)] + "…";
                writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", Ref(column)), new OpenXmlAttribute("t", "", "inlineStr")]);
                writer.WriteStartElement(new InlineString());
                writer.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve });
                writer.WriteEndElement();
                writer.WriteEndElement();
                Cells++;
            }

            public void Number(int column, double value)
            {
                writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", Ref(column))]);
                writer.WriteElement(new CellValue(value.ToString("R", CultureInfo.InvariantCulture)));
                writer.WriteEndElement();
                Cells++;
            }

            public void Date(int column, DateOnly? date)
            {
                if (date is not { } d) { Text(column, ""); return; }
                writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", Ref(column)), new OpenXmlAttribute("s", "", "1")]);
                writer.WriteElement(new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture)));
                writer.WriteEndElement();
                Cells++;
            }
        }
    }
}
