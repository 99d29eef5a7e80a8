using System.Diagnostics;
using System.Text;
using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Ledger;
using AirPlan.Web.Features.Plans.Import.Ledger;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace AirPlan.Bench;

/// <summary>
/// airplan-bench inputs [--seed seeds/mengjin-2024.txt] [--sizes 0.5,1,8] [--ledgers 5000,100000] [--cells 10000000,200000000]
/// — time and memory of parsing generated plan texts (the seed's task chapter repeated; the largest within PlanLimits is
/// always measured) and of reading generated ledgers (rows; one long shared string); docs/performance.md, "Bounded inputs".
/// </summary>
public static class InputBench
{
    public static async Task<int> RunAsync(Args options)
    {
        var seed = await File.ReadAllTextAsync(options.Get("seed") ?? "seeds/mengjin-2024.txt");
        var sizes = (options.Get("sizes") ?? "0.5,1,8").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("plan text\tutf8_mb\tchars\tlines\tms\ttasks\tpeak_working_set_mb\tallocated_mb\trefusal");
        var texts = sizes.Select(mb => PlanText(seed, (int)(mb * 1024 * 1024))).ToList();
        var atLimit = PlanText(seed, 64 * 1024 * 1024);
        // The largest text of whole lines within both limits.
        var cut = 0;
        for (var lines = 1; lines < PlanLimits.MaxLines; lines++)
        {
            var next = atLimit.IndexOf('\n', cut) + 1;
            if (next == 0 || next > PlanLimits.MaxCharacters) break;
            cut = next;
        }
        texts.Add(atLimit[..cut]);
        foreach (var text in texts.OrderBy(t => t.Length))
        {
            var lines = text.Count(c => c == '\n') + 1;
            var m = Measure(() => PlanParser.Parse(text));
            Console.WriteLine($"plan text\t{Encoding.UTF8.GetByteCount(text) / 1048576.0:F2}\t{text.Length}\t{lines}\t{m.Ms:F0}\t{m.Result.Tasks.Count}\t{m.PeakMb}\t{m.AllocatedMb}\t{m.Result.Refusal ?? "-"}");
        }

        Console.WriteLine("ledger\tfile_kb\trows\tlong_cell_chars\tms\ttasks\tpeak_working_set_mb\tallocated_mb\trefusal");
        var ledgers = (options.Get("ledgers") ?? $"{LedgerWorkbookReader.MaxRows},100000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => (Rows: int.Parse(v), Long: 0))
            .Concat((options.Get("cells") ?? "10000000,200000000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => (Rows: 20, Long: int.Parse(v))));
        foreach (var (rows, longCell) in ledgers)
        {
            var content = Ledger(rows, longCell);
            var m = Measure<(int Tasks, string? Refusal)>(() =>
            {
                try
                {
                    // What the preview costs without the database: read the workbook, assemble the plan.
                    var sheet = LedgerWorkbookReader.Read(content);
                    return (LedgerPlanAssembler.Assemble(sheet.Rows, "孟津区扬尘治理专项行动", "孟津区", 2025, new PlanParserOptions()).Plan.Tasks.Count, null);
                }
                catch (LedgerFormatException e)
                {
                    return (0, e.Message);
                }
            });
            Console.WriteLine($"ledger\t{content.Length / 1024}\t{rows}\t{longCell}\t{m.Ms:F0}\t{m.Result.Tasks}\t{m.PeakMb}\t{m.AllocatedMb}\t{m.Result.Refusal ?? "-"}");
        }
        return 0;
    }

    /// <summary>
    /// A ledger like the tests' (title row 1, header row 4, task rows below), written streamed; a long cell is one shared
    /// string written in chunks, so the bench process never holds it whole either.
    /// </summary>
    private static byte[] Ledger(int rows, int longCell)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Sheet1", SheetId = 1, Id = "rIdSheet" }));
            if (longCell > 0)
            {
                using var strings = OpenXmlWriter.Create(workbook.AddNewPart<SharedStringTablePart>());
                strings.WriteStartElement(new SharedStringTable());
                strings.WriteStartElement(new SharedStringItem());
                strings.WriteStartElement(new Text());
                var chunk = new string('治', 1 << 16);
                for (var left = longCell; left > 0; left -= chunk.Length) strings.WriteString(left >= chunk.Length ? chunk : chunk[..left]);
                strings.WriteEndElement();
                strings.WriteEndElement();
                strings.WriteEndElement();
            }
            using var writer = OpenXmlWriter.Create(workbook.AddNewPart<WorksheetPart>("rIdSheet"));
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
                Write(4 + i, i.ToString(), $"道路扬尘清扫保洁第{i}段", "区城管局", "2025年12月底前", "区交通运输局", longCell > 0 && 4 + i == 12 ? "#long" : "提高机扫率，落实“六个百分之百”", "");
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        return stream.ToArray();
    }

    /// <summary>The seed's header, then its 三、主要任务 chapter (up to the next chapter) repeated until the text has the given UTF-8 size.</summary>
    public static string PlanText(string seed, int utf8Bytes)
    {
        var lines = seed.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("三、"));
        var end = Array.FindIndex(lines, start + 1, l => l.Length > 1 && "四五六七八九十".Contains(l[0]) && l[1] == '、');
        if (end < 0) end = lines.Length;
        var head = string.Join('\n', lines[..start]) + "\n";
        var section = string.Join('\n', lines[start..end]) + "\n";
        var text = new StringBuilder(head);
        var bytes = Encoding.UTF8.GetByteCount(head);
        var sectionBytes = Encoding.UTF8.GetByteCount(section);
        while (bytes + sectionBytes <= utf8Bytes || bytes == Encoding.UTF8.GetByteCount(head))
        {
            text.Append(section);
            bytes += sectionBytes;
        }
        return text.ToString();
    }

    /// <summary>Wall time, the process's peak working set (sampled every 20 ms) and the bytes allocated by the work.</summary>
    private static (double Ms, long PeakMb, long AllocatedMb, T Result) Measure<T>(Func<T> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var allocated = GC.GetTotalAllocatedBytes(true);
        
        var clock = Stopwatch.StartNew();
        var peak = 0L;
        using var sampler = new System.Threading.Timer(_ => { process.Refresh(); peak = Math.Max(peak, process.WorkingSet64); }, null, 0, 20);
        var result = work();
        clock.Stop();
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        return (clock.Elapsed.TotalMilliseconds, peak / (1024 * 1024), (GC.GetTotalAllocatedBytes(true) - allocated) / (1024 * 1024), result);
    }
}
