namespace AirPlan.Web.Infrastructure.Postgres;

/// <summary>
/// The directory holding a PostgreSQL server installation's initdb and pg_ctl.
/// </summary>
public sealed class PostgresBinaries
{
    private PostgresBinaries(string binDirectory) => BinDirectory = binDirectory;

    public string BinDirectory { get; }

    public string InitDb => Path.Combine(BinDirectory, ExecutableName("initdb"));

    public string PgCtl => Path.Combine(BinDirectory, ExecutableName("pg_ctl"));

    /// <summary>
    /// The directory of pg_dump and pg_restore for backups, searched like the server programs (PATH, then the well-known
    /// install locations, newest major version first: pg_dump must be at least as new as the server it dumps).
    /// </summary>
    public static (string PgDump, string PgRestore) LocateBackupTools()
    {
        foreach (var directory in DefaultSearchDirectories())
        {
            var (dump, restore) = (Path.Combine(directory, ExecutableName("pg_dump")), Path.Combine(directory, ExecutableName("pg_restore")));
            if (File.Exists(dump) && File.Exists(restore))
            {
                return (dump, restore);
            }
        }

        throw new InvalidOperationException(
            "未找到 pg_dump / pg_restore。请安装 PostgreSQL 客户端程序（Debian/Ubuntu：sudo apt-get install postgresql-client）。"
            + "\npg_dump / pg_restore were not found. Install the PostgreSQL client programs (Debian/Ubuntu: sudo apt-get install postgresql-client).");
    }

    /// <summary>Finds the binaries in the default places or throws <see cref="PostgresBinariesNotFoundException"/>.</summary>
    public static PostgresBinaries Locate() => Locate(DefaultSearchDirectories());

    /// <summary>
    /// Returns the first directory (in the given order) that holds both initdb and pg_ctl.
    /// The list is injectable so tests can simulate a machine without PostgreSQL.
    /// </summary>
    public static PostgresBinaries Locate(IEnumerable<string> searchDirectories) =>
        TryLocate(searchDirectories, out var binaries)
            ? binaries
            : throw new PostgresBinariesNotFoundException();

    public static bool TryLocate(IEnumerable<string> searchDirectories, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PostgresBinaries? binaries)
    {
        binaries = FindAll(searchDirectories).FirstOrDefault();
        return binaries is not null;
    }

    /// <summary>Every installation in search order; lazily, so the common case probes one directory.</summary>
    public static IEnumerable<PostgresBinaries> FindAll(IEnumerable<string> searchDirectories)
    {
        foreach (var directory in searchDirectories)
        {
            if (File.Exists(Path.Combine(directory, ExecutableName("initdb")))
                && File.Exists(Path.Combine(directory, ExecutableName("pg_ctl"))))
            {
                yield return new PostgresBinaries(directory);
            }
        }
    }

    /// <summary>The major version ("pg_ctl (PostgreSQL) 15.8" → 15), or null if it cannot be determined.</summary>
    public async Task<int?> GetMajorVersionAsync(CancellationToken cancellationToken = default)
    {
        // pg_ctl answers --version before its refuse-to-run-as-root check, so no runuser needed.
        var result = await PostgresCommandRunner.RunAsync(PgCtl, ["--version"], TimeSpan.FromSeconds(30), cancellationToken);
        var version = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var major = new string(version.TakeWhile(char.IsAsciiDigit).ToArray());
        return result.ExitCode == 0 && int.TryParse(major, out var parsed) ? parsed : null;
    }

    /// <summary>
    /// PATH first (an explicit user choice wins), then the well-known install locations,
    /// newest major version first because a newer initdb can always be used for a fresh cluster.
    /// </summary>
    public static IReadOnlyList<string> DefaultSearchDirectories()
    {
        var directories = new List<string>();
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        directories.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));

        if (OperatingSystem.IsWindows())
        {
            var programFiles = Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles);
            directories.AddRange(VersionedDirectories(Path.Combine(programFiles, "PostgreSQL"), "*", "bin"));
            return directories;
        }

        // Debian/Ubuntu keep the server binaries off PATH, one directory per major version.
        directories.AddRange(VersionedDirectories("/usr/lib/postgresql", "*", "bin"));
        // Fedora/RHEL packages from postgresql.org.
        directories.AddRange(VersionedDirectories("/usr", "pgsql-*", "bin"));
        directories.Add("/usr/local/pgsql/bin");
        // Homebrew on Apple silicon and Intel.
        directories.AddRange(VersionedDirectories("/opt/homebrew/opt", "postgresql*", "bin"));
        directories.AddRange(VersionedDirectories("/usr/local/opt", "postgresql*", "bin"));
        return directories;
    }

    private static IEnumerable<string> VersionedDirectories(string root, string pattern, string bin)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        try
        {
            return Directory.GetDirectories(root, pattern)
                .OrderByDescending(d => MajorVersion(Path.GetFileName(d)))
                .Select(d => Path.Combine(d, bin))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    // "15", "postgresql@16", "pgsql-17" → the number; unversioned names sort last.
    private static int MajorVersion(string name)
    {
        var digits = new string(name.SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, out var version) ? version : 0;
    }

    private static string ExecutableName(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;
}
