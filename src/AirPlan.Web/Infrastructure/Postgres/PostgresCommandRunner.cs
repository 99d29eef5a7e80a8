using System.Diagnostics;

namespace AirPlan.Web.Infrastructure.Postgres;

internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => string.Join(Environment.NewLine, new[] { StandardOutput, StandardError }.Where(s => s.Length > 0));
}

/// <summary>
/// Runs PostgreSQL's own tools. initdb and postgres refuse to run as root, so a root process
/// runs them as the "postgres" OS user via runuser instead.
/// </summary>
internal static class PostgresCommandRunner
{
    public const string ServerUser = "postgres";

    public static bool RunsAsRoot { get; } = !OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess;

    public static Task<CommandResult> RunAsServerUserAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!RunsAsRoot)
        {
            return RunAsync(program, arguments, timeout, cancellationToken);
        }

        return RunAsync(Runuser(), ["-u", ServerUser, "--", program, .. arguments], timeout, cancellationToken);
    }

    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user usually cannot enter our working directory (e.g. /root), and initdb
            // aborts when it cannot resolve its current directory.
            WorkingDirectory = OperatingSystem.IsWindows() ? Path.GetTempPath() : "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Messages are parsed in a few places (e.g. "could not bind"); keep them untranslated.
        startInfo.Environment["LC_MESSAGES"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"无法运行 {program}：{e.Message} / Could not run {program}: {e.Message}", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"{Path.GetFileName(program)} {string.Join(' ', startInfo.ArgumentList)} 在 {timeout.TotalSeconds:0} 秒内未完成 / did not finish within {timeout.TotalSeconds:0} s.");
        }

        return new CommandResult(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    /// <summary>Gives the server user ownership of a directory tree we created as root.</summary>
    public static async Task GiveToServerUserAsync(string directory, CancellationToken cancellationToken)
    {
        if (!RunsAsRoot)
        {
            return;
        }

        var result = await RunAsync("chown", ["-R", ServerUser, directory], TimeSpan.FromSeconds(30), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"无法把目录 {directory} 交给 {ServerUser} 用户（PostgreSQL 不能以 root 运行，需要该系统用户）/ "
                + $"Could not chown {directory} to the '{ServerUser}' OS user, which PostgreSQL needs when started by root: {result.Output}");
        }
    }

    /// <summary>
    /// Fails early with an actionable message when the server user cannot reach a directory,
    /// e.g. a data directory under root's private home (/root is mode 700).
    /// </summary>
    public static async Task EnsureServerUserCanWriteAsync(string directory, CancellationToken cancellationToken)
    {
        if (!RunsAsRoot)
        {
            return;
        }

        var result = await RunAsServerUserAsync("test", ["-w", directory, "-a", "-x", directory], TimeSpan.FromSeconds(30), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"以 root 运行时 PostgreSQL 使用 {ServerUser} 系统用户，但该用户无法进入目录 {directory}（可能某个上级目录权限为 700）。"
                + "请把 AirPlan:Postgres:DataDirectory 设置到其他位置，例如 /var/lib/airplan/pgdata。"
                + Environment.NewLine
                + $"When run as root, PostgreSQL runs as the '{ServerUser}' OS user, which cannot enter {directory} "
                + "(probably a parent directory is mode 700). Set AirPlan:Postgres:DataDirectory elsewhere, e.g. /var/lib/airplan/pgdata.");
        }
    }

    private static string Runuser()
    {
        foreach (var candidate in new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "以 root 运行时需要 runuser 来以 postgres 用户启动 PostgreSQL，但未找到 runuser。请以普通用户运行，或安装 util-linux。"
            + Environment.NewLine
            + "Running as root requires runuser to start PostgreSQL as the 'postgres' user, but runuser was not found. "
            + "Run as a regular user or install util-linux.");
    }
}
