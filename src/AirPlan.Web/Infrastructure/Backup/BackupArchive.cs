using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Infrastructure.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AirPlan.Web.Infrastructure.Backup;

/// <summary>
/// airplan backup / restore (docs/operations.md, decision 019). A backup is a folder: <c>database.dump</c> (pg_dump, custom
/// format), <c>evidence/</c> (the store's files as stored, <c>ab/cd/abcd…</c>) and <c>manifest.json</c> (the SHA-256 and
/// size of every file, the app version and the schema version = the last applied migration). The database is dumped first
/// and the files copied after: files are placed before their rows commit and never deleted while a row names them, so every
/// row in the dump finds its file in the copy. A restore goes only into an empty database and an empty evidence folder, of
/// the same schema version, and checks every hash before it writes anything.
/// </summary>
public sealed class BackupArchive(IDbContextFactory<AppDbContext> dbFactory, IFileStore store, ILogger<BackupArchive> logger)
{
    public const string ManifestFile = "manifest.json";
    public const string DumpFile = "database.dump";
    public const string EvidenceFolder = "evidence";
    private const int Format = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The app's own version, as recorded in manifests.</summary>
    public static string AppVersion =>
        typeof(BackupArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public async Task<BackupManifest> BackupAsync(string folder, CancellationToken ct = default)
    {
        folder = Path.GetFullPath(folder);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BackupException($"备份目录 {folder} 不为空，请指定一个新的或空的目录");
        Directory.CreateDirectory(folder);

        string schema;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            schema = (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault()
                ?? throw new BackupException("数据库尚未初始化（没有已执行的迁移），无需备份");
        }
        var (pgDump, _) = PostgresBinaries.LocateBackupTools();
        var (arguments, environment) = ConnectionArguments();
        // The facts are a cache the status engine rebuilds on first use (decision 007); their rows are left out.
        var dump = await PostgresCommandRunner.RunAsync(pgDump,
            ["--format=custom", "--no-owner", "--no-privileges", "--exclude-table-data=assignment_facts", "--exclude-table-data=fact_snapshots",
                "--file", Path.Combine(folder, DumpFile), .. arguments],
            TimeSpan.FromHours(2), ct, environment);
        if (dump.ExitCode != 0) throw new BackupException($"pg_dump 失败（退出码 {dump.ExitCode}）：{dump.Output}");

        var disk = DiskStore();
        var copied = 0;
        foreach (var (sha, _) in disk.StoredHashes())
        {
            var target = Path.Combine(folder, EvidenceFolder, sha[..2], sha[2..4], sha);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(disk.PathOf(sha), target);
            copied++;
        }

        var manifest = new BackupManifest(Format, DateTimeOffset.UtcNow, AppVersion, schema, await HashAllAsync(folder, ct));
        await File.WriteAllTextAsync(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(manifest, Json), ct);
        logger.LogInformation("已备份到 {Folder}：数据库（迁移 {Schema}）和 {Count} 个佐证材料文件", folder, schema, copied);
        return manifest;
    }

    public async Task<BackupManifest> RestoreAsync(string folder, CancellationToken ct = default)
    {
        folder = Path.GetFullPath(folder);
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath)) throw new BackupException($"{folder} 中没有 {ManifestFile}，不是 AirPlan 备份目录");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, ct), Json)
            ?? throw new BackupException($"{ManifestFile} 无法读取");

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var expected = db.Database.GetMigrations().Last();
            if (manifest.Format != Format || manifest.SchemaVersion != expected)
                throw new BackupException($"版本不一致：备份的数据库结构版本为 {manifest.SchemaVersion}（AirPlan {manifest.AppVersion}），"
                    + $"本程序为 {expected}（AirPlan {AppVersion}）。请用与备份相同版本的 AirPlan 恢复，恢复后再升级。");
            if (await UserTableCountAsync(db, ct) > 0)
                throw new BackupException($"目标数据库「{db.Database.GetDbConnection().Database}」不为空。恢复只能写入空数据库，请新建一个空数据库后再恢复。");
        }
        var disk = DiskStore();
        if (Directory.Exists(disk.Root) && Directory.EnumerateFileSystemEntries(disk.Root).Any())
            throw new BackupException($"佐证材料目录 {disk.Root} 不为空。恢复只能写入空目录，请指定一个新的 AirPlan:Evidence:StoragePath。");

        // Every file checked before anything is written: a damaged backup restores nothing.
        var actual = (await HashAllAsync(folder, ct)).ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (!actual.TryGetValue(file.Path, out var found) || found.Sha256 != file.Sha256 || found.Size != file.Size)
                throw new BackupException($"备份文件 {file.Path} 缺失或已损坏（SHA-256 不符），未做任何恢复");
        }
        var extra = actual.Keys.Except(manifest.Files.Select(f => f.Path)).FirstOrDefault();
        if (extra is not null) throw new BackupException($"备份目录中有清单之外的文件 {extra}，未做任何恢复");

        var (_, pgRestore) = PostgresBinaries.LocateBackupTools();
        var (arguments, environment) = ConnectionArguments();
        var restore = await PostgresCommandRunner.RunAsync(pgRestore,
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", .. arguments, Path.Combine(folder, DumpFile)],
            TimeSpan.FromHours(2), ct, environment);
        if (restore.ExitCode != 0) throw new BackupException($"pg_restore 失败（退出码 {restore.ExitCode}），数据库未改变：{restore.Output}");

        var prefix = EvidenceFolder + "/";
        foreach (var file in manifest.Files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var sha = Path.GetFileName(file.Path);
            var target = disk.PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(folder, file.Path), target);
        }
        logger.LogInformation("已从 {Folder} 恢复：数据库（迁移 {Schema}）和 {Count} 个佐证材料文件", folder, manifest.SchemaVersion,
            manifest.Files.Count(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)));
        return manifest;
    }

    private DiskFileStore DiskStore() =>
        store as DiskFileStore ?? throw new BackupException("备份只支持本地磁盘上的佐证材料存储");

    private static async Task<int> UserTableCountAsync(AppDbContext db, CancellationToken ct) =>
        await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """).SingleAsync(ct);

    /// <summary>pg_dump/pg_restore arguments for the app's connection; the password goes through the environment, not the command line.</summary>
    private (List<string> Arguments, Dictionary<string, string> Environment) ConnectionArguments()
    {
        using var db = dbFactory.CreateDbContext();
        var cs = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        List<string> arguments = ["--host", cs.Host ?? "localhost", "--port", cs.Port.ToString(), "--dbname", cs.Database ?? "airplan"];
        if (!string.IsNullOrEmpty(cs.Username)) arguments.AddRange(["--username", cs.Username]);
        var environment = new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = "15" };
        if (!string.IsNullOrEmpty(cs.Password)) environment["PGPASSWORD"] = cs.Password;
        if (cs.SslMode is SslMode.Require or SslMode.VerifyCA or SslMode.VerifyFull) environment["PGSSLMODE"] = cs.SslMode.ToString().ToLowerInvariant();
        return (arguments, environment);
    }

    private static async Task<List<BackupFile>> HashAllAsync(string folder, CancellationToken ct)
    {
        var files = new List<BackupFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative == ManifestFile) continue;
            await using var stream = File.OpenRead(path);
            files.Add(new BackupFile(relative, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct)), stream.Length));
        }
        return files;
    }
}

public sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, string AppVersion, string SchemaVersion, IReadOnlyList<BackupFile> Files);

public sealed record BackupFile(string Path, string Sha256, long Size);

/// <summary>A backup or restore refused or failed; the message is for the person running it, in Chinese.</summary>
public sealed class BackupException(string message) : Exception(message);
