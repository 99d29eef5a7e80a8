using AirPlan.Cli.Generation;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Commands;

/// <summary>airplan generate [--seed 42] [--counties 150] …: synthetic province-scale data for performance work.</summary>
public static class GenerateCommand
{
    public const string Usage =
        "用法：airplan generate [--seed 42] [--counties 150] [--tasks 40] [--townships 15] [--reports-per-assignment 10] [--evidence-per-assignment 2]";

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = new GenerationOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value < 0)
            {
                await stderr.WriteLineAsync(Usage);
                return ExitCodes.UsageOrFile;
            }
            switch (args[i])
            {
                case "--seed": options = options with { Seed = value }; break;
                case "--counties": options = options with { Counties = value }; break;
                case "--tasks": options = options with { TasksPerPlan = value }; break;
                case "--townships": options = options with { TownshipsPerCounty = value }; break;
                case "--reports-per-assignment": options = options with { ReportsPerAssignment = value }; break;
                case "--evidence-per-assignment": options = options with { EvidencePerAssignment = value }; break;
                default:
                    await stderr.WriteLineAsync(Usage);
                    return ExitCodes.UsageOrFile;
            }
            i++;
        }
        if (options.Counties < 1 || options.TasksPerPlan < 1)
        {
            await stderr.WriteLineAsync(Usage);
            return ExitCodes.UsageOrFile;
        }

        using var host = await cli.StartAsync();
        var connectionString = host.Services.GetRequiredService<IConfiguration>().GetConnectionString(DataServiceExtensions.ConnectionStringName)!;
        var seeds = host.Services.GetRequiredService<SeedFiles>().Directory;
        if (seeds is null)
        {
            await stderr.WriteLineAsync($"未找到 seeds 目录（含 {SeedFiles.DivisionsFile}）；可设置 AirPlan__SeedsPath");
            return ExitCodes.UsageOrFile;
        }
        try
        {
            // The synthetic counties are Henan's, as the seed plans are; start-up loads only the national upper levels, so
            // their townships (the implementing units) are loaded here, once.
            await using (var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
                await host.Services.GetRequiredService<NationalDivisions>().LoadTownshipsOfProvinceAsync(db, SyntheticDataGenerator.ProvincePrefix);
            var generator = new SyntheticDataGenerator(connectionString, seeds, line => stdout.WriteLine(line));
            var result = await generator.RunAsync(options);
            foreach (var (table, rows) in result.Rows.OrderBy(r => r.Key, StringComparer.Ordinal))
                await stdout.WriteLineAsync($"{table,-18} {rows,10}");
            await stdout.WriteLineAsync($"已生成合成数据（种子 {options.Seed}），用时 {result.Elapsed.TotalSeconds:F1} 秒。");
            return ExitCodes.Ok;
        }
        catch (InvalidOperationException e)
        {
            await stderr.WriteLineAsync($"生成失败：{e.Message}");
            return 1;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
