using System.Diagnostics;
using AirPlan.Web.Security;

namespace AirPlan.Web.Features.Reports;

/// <summary>A finished export: the file and how long each half took (for logs and the CLI).</summary>
public sealed record ReportFile(string FileName, byte[] Content, TimeSpan LoadTime, TimeSpan BuildTime);

/// <summary>Loads the report for the actor and builds the workbook off the caller's thread.</summary>
public sealed class QuarterlyReportService(QuarterlyReportQueries queries, ILogger<QuarterlyReportService> logger)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task<ReportFile> ExportAsync(UserContext actor, QuarterlyReportRequest request, IProgress<int>? progress = null,
        CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var report = await queries.LoadAsync(actor, request, ct);
        var loaded = watch.Elapsed;
        // Building a large workbook is CPU work; keep it off the request/circuit thread.
        var bytes = await Task.Run(() => QuarterlyWorkbook.ToBytes(report, progress), ct);
        var built = watch.Elapsed - loaded;
        logger.LogInformation("季度台账 {Plan} {Quarter}：{Tasks} 项任务，查询 {Load} ms，生成 {Build} ms", request.Plan, report.QuarterKey,
            report.Tasks.Count(), (int)loaded.TotalMilliseconds, (int)built.TotalMilliseconds);
        return new ReportFile(QuarterlyWorkbook.FileName(report), bytes, loaded, built);
    }
}
