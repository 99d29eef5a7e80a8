using AirPlan.Cli.Tests.Support;
using AirPlan.Web.Infrastructure.Postgres;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>airplan import run as a separate process against a throwaway PostgreSQL, configured the way a user would.</summary>
public sealed class ImportCommandTests : IAsyncLifetime
{
    private EmbeddedPostgres _server = default!;

    public async Task InitializeAsync() => _server = await EmbeddedPostgres.StartThrowawayAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ImportWritesThePlanOnceAndASecondImportChangesNothing()
    {
        var connectionString = await _server.CreateDatabaseAsync("cli_import");
        var seed = AirplanCli.Seed("mengzhou-2023");

        var first = await AirplanCli.RunAsync(Env(connectionString), "import", seed);
        var second = await AirplanCli.RunAsync(Env(connectionString), "import", seed);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("已导入方案 mengzhou-2023", first.Stdout);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("未做任何更改", second.Stdout);
    }

    [Fact]
    public async Task ADocumentWithNoTasksFailsWithExitCodeOneAndSaysWhy()
    {
        var connectionString = await _server.CreateDatabaseAsync("cli_bad");
        var file = Path.Combine(Path.GetTempPath(), $"not-a-plan-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "关于召开会议的通知\n请准时参加。\n");
        try
        {
            var result = await AirplanCli.RunAsync(Env(connectionString), "import", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("未识别到任何编号任务", result.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AMissingFileIsAUsageErrorWithExitCodeTwo()
    {
        var result = await AirplanCli.RunAsync(Env("Host=127.0.0.1;Port=1"), "import", "/no/such/plan.txt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("找不到文件", result.Stderr);
    }

    private static Dictionary<string, string> Env(string connectionString) => new() { ["ConnectionStrings__AirPlan"] = connectionString };
}
