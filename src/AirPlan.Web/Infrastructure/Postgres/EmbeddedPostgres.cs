using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AirPlan.Web.Infrastructure.Postgres;

/// <summary>
/// A private PostgreSQL cluster driven through initdb/pg_ctl, so AirPlan runs without a
/// separately administered database server. Listens on loopback only. A persistent cluster requires a password
/// (scram-sha-256), generated once and kept in the data directory (<see cref="PasswordFileName"/>, mode 0600): any local
/// user could otherwise connect to the loopback port as the superuser. Throwaway (test) clusters keep trust auth.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable, IDisposable
{
    public const string DefaultDatabase = "airplan";

    /// <summary>The superuser's password, in the data directory, readable by its owner only.</summary>
    public const string PasswordFileName = "airplan_password";

    private const string Host = "127.0.0.1";
    private const string Superuser = "postgres";
    private const int PortAttempts = 3;

    private readonly PostgresBinaries _binaries;
    private readonly string _runDirectory;
    private readonly string? _throwawayRoot;
    private readonly TimeSpan _timeout;
    private readonly ILogger? _logger;
    private readonly SemaphoreSlim _disposeLock = new(1, 1);
    private bool _disposed;

    private EmbeddedPostgres(PostgresBinaries binaries, string dataDirectory, string runDirectory, string? throwawayRoot, string? database, EmbeddedPostgresOptions options)
    {
        _binaries = binaries;
        DataDirectory = dataDirectory;
        _runDirectory = runDirectory;
        _throwawayRoot = throwawayRoot;
        _timeout = options.Timeout;
        _logger = options.Logger;
        Database = database ?? "postgres";
    }

    /// <summary>
    /// Per-user state directory. Root gets /var/lib/airplan instead of ~/.local/share because the
    /// server then runs as the postgres user, which cannot enter /root (mode 700).
    /// </summary>
    public static string DefaultDataDirectory
    {
        get
        {
            if (PostgresCommandRunner.RunsAsRoot)
            {
                return "/var/lib/airplan/pgdata";
            }

            var userData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return string.IsNullOrEmpty(userData)
                ? Path.Combine(Path.GetTempPath(), "airplan-" + Environment.UserName, "pgdata")
                : Path.Combine(userData, "airplan", "pgdata");
        }
    }

    public string DataDirectory { get; }

    public int Port { get; private set; }

    public string Database { get; }

    public bool IsThrowaway => _throwawayRoot is not null;

    /// <summary>False when another process (e.g. the CLI) already ran this cluster; then we leave it running on dispose.</summary>
    public bool StartedByThisInstance { get; private set; }

    /// <summary>Host=127.0.0.1;Port=N;Username=postgres;Password=…;Database=airplan (no password for a throwaway cluster)</summary>
    public string ConnectionString => GetConnectionString(Database);

    public string GetConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = Host, Port = Port, Username = Superuser, Password = _password, Database = database }.ConnectionString;

    private string? _password;

    private string PasswordFile => Path.Combine(DataDirectory, PasswordFileName);

    /// <summary>Persistent cluster in <paramref name="dataDirectory"/> (default: <see cref="DefaultDataDirectory"/>), reused if already running.</summary>
    public static Task<EmbeddedPostgres> StartPersistentAsync(string? dataDirectory = null, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory, Logger = logger }, cancellationToken);

    /// <summary>Fast, non-durable cluster in a temp directory that is deleted on dispose.</summary>
    public static Task<EmbeddedPostgres> StartThrowawayAsync(ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(new EmbeddedPostgresOptions { Throwaway = true, Logger = logger }, cancellationToken);

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, CancellationToken cancellationToken = default)
    {
        var searchDirectories = options.BinarySearchDirectories ?? PostgresBinaries.DefaultSearchDirectories();
        var firstBinaries = PostgresBinaries.Locate(searchDirectories);

        EmbeddedPostgres server;
        if (options.Throwaway)
        {
            var root = Path.Combine(Path.GetTempPath(), "airplan-pg-" + Guid.NewGuid().ToString("N")[..12]);
            server = new EmbeddedPostgres(firstBinaries, Path.Combine(root, "data"), Path.Combine(root, "run"), root, options.Database, options);
        }
        else
        {
            var dataDirectory = Path.GetFullPath(options.DataDirectory ?? DefaultDataDirectory);
            var runDirectory = Path.Combine(Path.GetDirectoryName(dataDirectory) ?? dataDirectory, Path.GetFileName(dataDirectory) + ".run");
            var binaries = await MatchClusterVersionAsync(dataDirectory, firstBinaries, searchDirectories, cancellationToken);
            server = new EmbeddedPostgres(binaries, dataDirectory, runDirectory, null, options.Database, options);
        }

        try
        {
            await server.InitializeAndStartAsync(cancellationToken);
            if (options.Database is not null)
            {
                await PostgresDatabaseAdmin.CreateDatabaseIfMissingAsync(server.ConnectionString, options.Database, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates the database if missing and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await PostgresDatabaseAdmin.CreateDatabaseIfMissingAsync(ConnectionString, name, cancellationToken);
        return GetConnectionString(name);
    }

    private async Task InitializeAndStartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_throwawayRoot ?? Path.GetDirectoryName(DataDirectory) ?? DataDirectory);
        Directory.CreateDirectory(_runDirectory);
        Directory.CreateDirectory(DataDirectory);
        await PostgresCommandRunner.GiveToServerUserAsync(_throwawayRoot ?? _runDirectory, cancellationToken);
        await PostgresCommandRunner.EnsureServerUserCanWriteAsync(_runDirectory, cancellationToken);

        // The web app and the CLI share the default cluster and may start together; the lock makes
        // "initdb, or find it running, or start it" atomic across processes.
        using var clusterLock = IsThrowaway ? null : await AcquireClusterLockAsync(cancellationToken);

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitDbAsync(cancellationToken);
        }

        _password = File.Exists(PasswordFile) ? (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim() : null;

        if (!IsThrowaway && await TryAttachToRunningServerAsync(cancellationToken))
        {
            await RequirePasswordAsync(cancellationToken);
            _logger?.LogInformation(
                "已连接到正在运行的内置 PostgreSQL：{Host}:{Port}，数据目录 {DataDirectory} / Reusing the running embedded PostgreSQL",
                Host, Port, DataDirectory);
            return;
        }

        await StartServerAsync(cancellationToken);
        if (!IsThrowaway)
        {
            await RequirePasswordAsync(cancellationToken);
        }

        StartedByThisInstance = true;
        // A host that never disposes us (e.g. EF design-time tooling) must not leak a running server.
        AppDomain.CurrentDomain.ProcessExit += StopOnProcessExit;
        _logger?.LogInformation(
            "已启动内置 PostgreSQL：{Host}:{Port}，数据目录 {DataDirectory}，日志 {LogFile} / Started embedded PostgreSQL",
            Host, Port, DataDirectory, LogFile);
    }

    private string LogFile => Path.Combine(_runDirectory, "postgres.log");

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        if (Directory.EnumerateFileSystemEntries(DataDirectory).Any())
        {
            throw new InvalidOperationException(
                $"目录 {DataDirectory} 不为空，但不是 PostgreSQL 数据目录。请清空它或换一个目录。"
                + Environment.NewLine
                + $"{DataDirectory} is not empty but is not a PostgreSQL data directory. Empty it or choose another directory.");
        }

        await PostgresCommandRunner.GiveToServerUserAsync(DataDirectory, cancellationToken);
        _logger?.LogInformation("正在初始化 PostgreSQL 数据目录 {DataDirectory} / Initializing the PostgreSQL data directory", DataDirectory);

        List<string> arguments = ["-D", DataDirectory, "-U", Superuser, "-E", "UTF8", "--no-locale"];
        string? passwordFile = null;
        if (IsThrowaway)
        {
            // Durability is pointless for a cluster deleted after the test run; this saves seconds.
            arguments.Add("--no-sync");
            arguments.Add("--auth=trust");
        }
        else
        {
            // initdb reads the password from a file the server user can read; it is moved into the data directory after.
            var password = NewPassword();
            passwordFile = Path.Combine(_runDirectory, "initdb-password");
            await WritePrivateFileAsync(passwordFile, password, cancellationToken);
            await PostgresCommandRunner.GiveToServerUserAsync(passwordFile, cancellationToken);
            arguments.AddRange(["--auth=scram-sha-256", "--pwfile", passwordFile]);
        }

        CommandResult result;
        try
        {
            result = await PostgresCommandRunner.RunAsServerUserAsync(_binaries.InitDb, arguments, _timeout, cancellationToken);
            if (passwordFile is not null && result.ExitCode == 0)
            {
                await WritePrivateFileAsync(PasswordFile, await File.ReadAllTextAsync(passwordFile, cancellationToken), cancellationToken);
            }
        }
        finally
        {
            if (passwordFile is not null)
            {
                File.Delete(passwordFile);
            }
        }

        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"initdb 失败（退出码 {result.ExitCode}）/ initdb failed (exit code {result.ExitCode}) for {DataDirectory}:{Environment.NewLine}{result.Output}");
        }
    }

    /// <summary>
    /// Clusters made by earlier versions run with trust auth and have no password file: while trust still lets us in, give
    /// the superuser a generated password, keep it, switch pg_hba.conf's trust lines to scram-sha-256 and reload. Runs
    /// under the cluster file lock, so the web app and the CLI do not both do it.
    /// </summary>
    private async Task RequirePasswordAsync(CancellationToken cancellationToken)
    {
        if (_password is not null)
        {
            return;
        }

        var password = NewPassword();
        var connectionString = new NpgsqlConnectionStringBuilder(GetConnectionString("postgres")) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var alter = new NpgsqlCommand($"SET password_encryption = 'scram-sha-256'; ALTER ROLE {Superuser} PASSWORD '{password}'", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken);
            // The file first: if we stop between the two, the next start finds the password and trust still in place.
            await WritePrivateFileAsync(PasswordFile, password, cancellationToken);
            var hba = Path.Combine(DataDirectory, "pg_hba.conf");
            var lines = await File.ReadAllLinesAsync(hba, cancellationToken);
            var changed = lines.Select(line => line.TrimStart().StartsWith('#') ? line : TrustMethod().Replace(line, "scram-sha-256")).ToArray();
            await File.WriteAllLinesAsync(hba, changed, cancellationToken);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken);
        }

        _password = password;
        _logger?.LogWarning(
            "内置 PostgreSQL 已由 trust 改为密码认证（scram-sha-256），密码保存在 {File} / The embedded cluster now requires a password",
            PasswordFile);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\btrust\s*$")]
    private static partial System.Text.RegularExpressions.Regex TrustMethod();

    // Letters and digits only: it goes into SQL, a connection string and a file without quoting questions.
    private static string NewPassword() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 32);

    private static async Task WritePrivateFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies to new files only; an existing one is narrowed too.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task<bool> TryAttachToRunningServerAsync(CancellationToken cancellationToken)
    {
        if (PostmasterPidFile.TryRead(DataDirectory) is not { } pidFile)
        {
            return false;
        }

        // pg_ctl status checks that the PID in postmaster.pid is alive; a stale file (crash, reboot)
        // reports "not running" and pg_ctl start will then replace it.
        var status = await PostgresCommandRunner.RunAsServerUserAsync(_binaries.PgCtl, ["status", "-D", DataDirectory], _timeout, cancellationToken);
        if (status.ExitCode != 0)
        {
            return false;
        }

        Port = pidFile.Port;
        await WaitUntilAcceptingConnectionsAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Stops the server the way a crash or a killed machine does (<c>pg_ctl stop -m immediate</c>: no checkpoint, every
    /// connection cut mid-statement; the next start runs crash recovery). Exists for the tests that show a save interrupted
    /// this way writes nothing and the app carries on once the server is back (tests/AirPlan.Web.Tests/Data/DatabaseStopTests.cs).
    /// </summary>
    internal async Task StopImmediatelyAsync(CancellationToken cancellationToken = default)
    {
        var result = await PostgresCommandRunner.RunAsServerUserAsync(
            _binaries.PgCtl, ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", ((int)_timeout.TotalSeconds).ToString()],
            _timeout + TimeSpan.FromSeconds(10), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"立即停止 PostgreSQL 失败 / pg_ctl stop -m immediate failed (exit code {result.ExitCode}), data directory {DataDirectory}: {result.Output}");
        }
    }

    /// <summary>
    /// Starts a server stopped by <see cref="StopImmediatelyAsync"/> again on the port it had, so the connection strings
    /// already handed out (an app's pools) reach it again, as they would after a real database restart.
    /// </summary>
    internal Task StartAgainAsync(CancellationToken cancellationToken = default) => StartServerAsync(cancellationToken, samePort: Port);

    /// <param name="samePort">Null picks a free port (and tries another if it is taken meanwhile); otherwise exactly this one.</param>
    private async Task StartServerAsync(CancellationToken cancellationToken, int? samePort = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = samePort ?? FindFreeLoopbackPort();
            var logLengthBefore = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            var result = await PostgresCommandRunner.RunAsServerUserAsync(
                _binaries.PgCtl,
                ["start", "-w", "-t", ((int)_timeout.TotalSeconds).ToString(), "-D", DataDirectory, "-l", LogFile, "-o", ServerOptions()],
                _timeout + TimeSpan.FromSeconds(10),
                cancellationToken);
            if (result.ExitCode == 0)
            {
                return;
            }

            var log = ReadLogSince(logLengthBefore);
            // Another process grabbed the port between our probe and the server's bind.
            if (samePort is null && attempt < PortAttempts && (log.Contains("could not bind", StringComparison.OrdinalIgnoreCase) || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            // Someone else may have started the same cluster despite the lock (e.g. by hand).
            if (!IsThrowaway && await TryAttachToRunningServerAsync(cancellationToken))
            {
                return;
            }

            throw new InvalidOperationException(
                $"PostgreSQL 启动失败 / PostgreSQL failed to start (pg_ctl exit code {result.ExitCode}), data directory {DataDirectory}:"
                + $"{Environment.NewLine}{result.Output}{Environment.NewLine}--- {LogFile} ---{Environment.NewLine}{log}");
        }
    }

    // pg_ctl hands -o to /bin/sh, so paths are single-quoted for the shell.
    private string ServerOptions()
    {
        var options = $"-p {Port} -c listen_addresses={Host}";
        if (!OperatingSystem.IsWindows())
        {
            options += $" -k {ShellQuote(_runDirectory)}";
        }

        if (IsThrowaway)
        {
            // A test run opens one database per test class, each with its own pool of idle connections;
            // PostgreSQL's default of 100 connections ran out on CI (53300) before idle pools were pruned.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500";
        }

        return options;
    }

    private async Task WaitUntilAcceptingConnectionsAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _timeout;
        var connectionString = new NpgsqlConnectionStringBuilder(GetConnectionString("postgres")) { Pooling = false, Timeout = 5 }.ConnectionString;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is NpgsqlException && DateTime.UtcNow < deadline)
            {
                // Still starting up (e.g. the other process is in the middle of pg_ctl start).
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private async Task<FileStream> AcquireClusterLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_runDirectory, "airplan.lock");
        var deadline = DateTime.UtcNow + _timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task<PostgresBinaries> MatchClusterVersionAsync(
        string dataDirectory, PostgresBinaries first, IReadOnlyList<string> searchDirectories, CancellationToken cancellationToken)
    {
        // An existing cluster only runs with the major version that created it, which matters after
        // e.g. apt installs postgresql-16 next to 15.
        var versionFile = Path.Combine(dataDirectory, "PG_VERSION");
        if (!File.Exists(versionFile) || !int.TryParse((await File.ReadAllTextAsync(versionFile, cancellationToken)).Trim(), out var clusterVersion))
        {
            return first;
        }

        foreach (var candidate in PostgresBinaries.FindAll(searchDirectories))
        {
            if (await candidate.GetMajorVersionAsync(cancellationToken) == clusterVersion)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"数据目录 {dataDirectory} 由 PostgreSQL {clusterVersion} 创建，但未找到该版本的服务器程序。请安装 PostgreSQL {clusterVersion}，或换一个数据目录。"
            + Environment.NewLine
            + $"The data directory {dataDirectory} was created by PostgreSQL {clusterVersion}, but no server binaries of that major version were found. "
            + $"Install PostgreSQL {clusterVersion} or use another data directory.");
    }

    private static int FindFreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private string ReadLogSince(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            var lines = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(30)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(no log)";
        }
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private void StopOnProcessExit(object? sender, EventArgs e) => Dispose();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await _disposeLock.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= StopOnProcessExit;
            if (StartedByThisInstance)
            {
                await StopServerAsync();
            }

            if (_throwawayRoot is not null)
            {
                DeleteDirectory(_throwawayRoot);
            }
        }
        finally
        {
            _disposeLock.Release();
        }
    }

    private async Task StopServerAsync()
    {
        try
        {
            var result = await PostgresCommandRunner.RunAsServerUserAsync(
                _binaries.PgCtl, ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", ((int)_timeout.TotalSeconds).ToString()], _timeout + TimeSpan.FromSeconds(10), CancellationToken.None);
            if (result.ExitCode == 0)
            {
                _logger?.LogInformation("已停止内置 PostgreSQL（数据目录 {DataDirectory}）/ Stopped embedded PostgreSQL", DataDirectory);
            }
            else
            {
                _logger?.LogWarning("停止内置 PostgreSQL 失败 / Stopping embedded PostgreSQL failed: {Output}", result.Output);
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            // Disposal must not throw; the next start copes with a leftover server or stale pid file.
            _logger?.LogWarning(e, "停止内置 PostgreSQL 失败 / Stopping embedded PostgreSQL failed");
        }
    }

    private void DeleteDirectory(string directory)
    {
        for (var attempt = 1; attempt <= 5 && Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The postmaster may still be removing its socket and lock files.
                if (attempt == 5)
                {
                    _logger?.LogWarning(e, "无法删除临时 PostgreSQL 目录 {Directory} / Could not delete the throwaway cluster", directory);
                }

                Thread.Sleep(200);
            }
        }
    }
}
