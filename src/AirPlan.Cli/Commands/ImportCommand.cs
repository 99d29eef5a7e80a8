using AirPlan.Core.Parsing.Documents;
using AirPlan.Web.Features.Plans.Import;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Commands;

/// <summary>airplan import FILE [--key KEY]: a plan document into the configured database, all or nothing.</summary>
public static class ImportCommand
{
    public const string Usage = "用法：airplan import 方案文件（.txt、.docx、.pdf、.doc、.wps） [--key 方案标识]";

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--"));
        var keyIndex = Array.IndexOf(args, "--key");
        if (file is null || (keyIndex >= 0 && keyIndex + 1 >= args.Length))
        {
            await stderr.WriteLineAsync(Usage);
            return 2;
        }
        if (!File.Exists(file))
        {
            await stderr.WriteLineAsync($"找不到文件：{file}");
            return 2;
        }

        PlanDocument document;
        try
        {
            // Read and refused (too large, scanned, …) before a database is started: the importer would refuse it anyway.
            await using var stream = File.OpenRead(file);
            document = PlanDocumentReader.Read(stream, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"无法读取文件 {file}：{e.Message}");
            return 2;
        }
        if (document.Refusal is { } refusal)
        {
            await stderr.WriteLineAsync($"导入失败，未写入任何数据：{refusal}");
            return ExitCodes.Refused;
        }

        var key = keyIndex >= 0 ? args[keyIndex + 1] : PlanImporter.KeyFromFileName(file);
        using var host = await cli.StartAsync();
        var result = await host.Services.GetRequiredService<PlanImporter>().ImportAsync(key, document);
        await host.StopAsync();

        foreach (var warning in result.Warnings) await stderr.WriteLineAsync($"提示：{warning}");
        switch (result.Outcome)
        {
            case PlanImportOutcome.Imported:
                await stdout.WriteLineAsync($"已导入方案 {result.PlanKey}：任务 {result.TaskCount} 项，责任分工 {result.AssignmentCount} 条，完成时限 {result.MilestoneCount} 个。");
                return 0;
            case PlanImportOutcome.AlreadyImported:
                await stdout.WriteLineAsync($"该文件已导入为方案 {result.PlanKey}，未做任何更改。");
                return 0;
            default:
                await stderr.WriteLineAsync("导入失败，未写入任何数据：");
                foreach (var error in result.Errors) await stderr.WriteLineAsync($"  {error}");
                return 1;
        }
    }
}
