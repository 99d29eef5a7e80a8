using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Commands;

/// <summary>airplan export --plan KEY|all --quarter 2025Q3 [--unit 单位|--township 乡镇] --out FILE.xlsx: the 季度进展台账.</summary>
public static class ExportCommand
{
    public const string Usage = "用法：airplan export --plan 方案标识|all --quarter 2025Q3 [--unit 单位名称 | --township 乡镇名称] --out 文件.xlsx";

    /// <summary>The command line is run by whoever operates the server: it sees every plan, like an administrator.</summary>
    private static readonly UserContext System = new("system", "system", "命令行", new HashSet<string> { AppRoles.Admin },
        new HashSet<int>(), new HashSet<int>());

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }
        var (plan, quarter, unit, township, output) = (Option("--plan"), Option("--quarter"), Option("--unit"), Option("--township"), Option("--out"));
        if (plan is null || quarter is null || output is null || (unit is not null && township is not null))
        {
            await stderr.WriteLineAsync(Usage);
            return ExitCodes.UsageOrFile;
        }

        using var host = await cli.StartAsync();
        try
        {
            var (unitId, townshipId, problem) = await ResolveScopeAsync(host.Services, plan, unit, township);
            if (problem is not null)
            {
                await stderr.WriteLineAsync(problem);
                return ExitCodes.UsageOrFile;
            }
            var progress = new Progress<int>();
            var file = await host.Services.GetRequiredService<QuarterlyReportService>()
                .ExportAsync(System, new QuarterlyReportRequest(plan, quarter, unitId, townshipId), progress);
            await File.WriteAllBytesAsync(output, file.Content);
            await stdout.WriteLineAsync($"已导出 {Path.GetFullPath(output)}（{file.Content.Length / 1024} KB；查询 {file.LoadTime.TotalMilliseconds:0} ms，生成 {file.BuildTime.TotalMilliseconds:0} ms）");
            return ExitCodes.Ok;
        }
        catch (ReportRequestException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"无法写入文件 {output}：{e.Message}");
            return ExitCodes.UsageOrFile;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Unit and township are given by name on the command line; the report wants ids.</summary>
    private static async Task<(int? Unit, int? Township, string? Problem)> ResolveScopeAsync(IServiceProvider services, string plan,
        string? unit, string? township)
    {
        if (unit is null && township is null) return (null, null, null);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var units = db.Units.AsQueryable();
        if (!string.Equals(plan, QuarterlyReportRequest.AllPlans, StringComparison.OrdinalIgnoreCase))
        {
            var regionId = await db.Plans.Where(p => p.Key == plan).Select(p => (int?)p.RegionId).FirstOrDefaultAsync();
            if (regionId is null) return (null, null, $"方案「{plan}」不存在");
            units = units.Where(u => u.RegionId == regionId);
        }
        var name = (unit ?? township)!.Trim();
        var matches = await units.Where(u => u.Name == name || u.Aliases.Any(a => a.Alias == name))
            .Where(u => unit != null || u.Kind == UnitKind.Township)
            .Select(u => new { u.Id, u.TownshipRegionId }).ToListAsync();
        if (matches.Count != 1)
            return (null, null, matches.Count == 0 ? $"找不到{(unit is null ? "乡镇" : "单位")}「{name}」" : $"「{name}」对应多个单位，请指定方案");
        return unit is not null ? (matches[0].Id, null, null) : (null, matches[0].TownshipRegionId, null);
    }
}
