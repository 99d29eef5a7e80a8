using System.Diagnostics;
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
        var seed = Path.Combine(RepoRoot(), "seeds", "mengzhou-2023.txt");

        var first = await RunAsync(connectionString, "import", seed);
        var second = await RunAsync(connectionString, "import", seed);

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
            var result = await RunAsync(connectionString, "import", file);

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
        var result = await RunAsync("Host=127.0.0.1;Port=1", "import", "/no/such/plan.txt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("找不到文件", result.Stderr);
    }

    private sealed record CliResult(int ExitCode, string Stdout, string Stderr);

    private static async Task<CliResult> RunAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "airplan.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__AirPlan"] = connectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AirPlan.sln"))) return dir.FullName;
        throw new InvalidOperationException("找不到仓库根目录（AirPlan.sln）");
    }
}
