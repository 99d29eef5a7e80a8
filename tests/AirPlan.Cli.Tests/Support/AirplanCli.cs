using System.Diagnostics;
using System.Text;

namespace AirPlan.Cli.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs airplan commands with an environment as a user would set it. Most tests call the CLI in-process
/// (<see cref="Cli.RunAsync"/>): starting a .NET process per command made eleven parse tests take 43 s. A few tests use
/// <see cref="RunProcessAsync"/> to check what only a real process shows: the exit code, console encoding, environment.
/// </summary>
public static class AirplanCli
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Seed(string key) => Path.Combine(RepoRoot, "seeds", key + ".txt");

    /// <summary>In-process; the environment becomes configuration the way the environment variables provider reads it.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var settings = (environment ?? new Dictionary<string, string>())
            .ToDictionary(e => e.Key.Replace("__", ":"), e => (string?)e.Value);
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var exitCode = await Cli.RunAsync(args, stdout, stderr, settings);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    // Task.Run: blocking on the command under xunit's synchronization context could wait for a continuation queued behind itself.
    public static CliResult Run(params string[] args) => Task.Run(() => RunAsync(null, args)).GetAwaiter().GetResult();

    /// <summary>The built airplan.dll as a separate process, as a user would start it.</summary>
    public static async Task<CliResult> RunProcessAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "airplan.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AirPlan.sln"))) return dir.FullName;
        throw new InvalidOperationException("找不到仓库根目录（AirPlan.sln）");
    }
}
