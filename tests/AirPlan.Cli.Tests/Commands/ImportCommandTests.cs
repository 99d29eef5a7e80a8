using AirPlan.Cli.Tests.Support;
using AirPlan.Core.Parsing;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>airplan import against a throwaway PostgreSQL, configured the way a user would (in-process but for one test).</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class ImportCommandTests(CliPostgres postgres)
{
    [Fact]
    public async Task ImportWritesThePlanOnceAndASecondImportChangesNothing()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_import");
        var seed = AirplanCli.Seed("mengzhou-2023");

        var first = await AirplanCli.RunAsync(env, "import", seed);
        var second = await AirplanCli.RunAsync(env, "import", seed);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("已导入方案 mengzhou-2023", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("未做任何更改", second.Stdout);
    }

    [Fact]
    public async Task ADocumentWithNoTasksFailsWithExitCodeOneAndSaysWhy()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_bad");
        var file = Path.Combine(Path.GetTempPath(), $"not-a-plan-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "关于召开会议的通知\n请准时参加。\n");
        try
        {
            var result = await AirplanCli.RunAsync(env, "import", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("未识别到任何编号任务", result.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // A real process: the exit code and stderr as a shell script sees them, with the connection string from the environment.
    [Fact]
    public async Task ADocumentOverTheParsersLimitIsRefusedWithExitCodeOneAndNothingImported()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_too_long");
        var file = Path.Combine(Path.GetTempPath(), $"too-long-{Guid.NewGuid():N}.txt");
        var seed = await File.ReadAllTextAsync(AirplanCli.Seed("mengzhou-2023"));
        await File.WriteAllTextAsync(file, seed + new string('.', PlanLimits.MaxCharacters));
        try
        {
            var result = await AirplanCli.RunAsync(env, "import", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("未写入任何数据", result.Stderr);
            Assert.Contains($"超过上限 {PlanLimits.MaxCharacters} 字", result.Stderr);
            Assert.Empty(result.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AMissingFileIsAUsageErrorWithExitCodeTwo()
    {
        var result = await AirplanCli.RunProcessAsync(new Dictionary<string, string> { ["ConnectionStrings__AirPlan"] = "Host=127.0.0.1;Port=1" }, "import", "/no/such/plan.txt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("找不到文件", result.Stderr);
    }

}
