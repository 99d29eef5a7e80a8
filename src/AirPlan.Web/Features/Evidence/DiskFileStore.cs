using System.Buffers;
using System.Security.Cryptography;
using AirPlan.Web.Infrastructure.Postgres;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Evidence;

/// <summary>
/// Content-addressed files on local disk: <c>{root}/ab/cd/abcd…</c> (the full SHA-256 as the name). Uploads are written to
/// <c>{root}/tmp/</c> first and renamed into place only when complete, so a half-written file is never in the store;
/// tmp/ is on the same volume, which makes the rename atomic.
/// </summary>
public sealed class DiskFileStore : IFileStore
{
    private const int BufferSize = 81920;

    public DiskFileStore(IOptions<EvidenceOptions> options)
    {
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.StoragePath) ? DefaultRoot() : options.Value.StoragePath);
    }

    public string Root { get; }

    public string TempDirectory => Path.Combine(Root, "tmp");

    /// <summary>Next to the embedded PostgreSQL data: <c>…/airplan/evidence</c> beside <c>…/airplan/pgdata</c>.</summary>
    public static string DefaultRoot(string? postgresDataDirectory = null)
    {
        var data = Path.GetFullPath(string.IsNullOrWhiteSpace(postgresDataDirectory) ? EmbeddedPostgres.DefaultDataDirectory : postgresDataDirectory);
        return Path.Combine(Path.GetDirectoryName(data.TrimEnd(Path.DirectorySeparatorChar)) ?? data, "evidence");
    }

    public async Task<StagedFile> StageAsync(Stream content, long maxBytes, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        Directory.CreateDirectory(TempDirectory);
        var tempPath = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".part");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            var tooLarge = false;
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        tooLarge = true;
                        break;
                    }
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    progress?.Report(total);
                }
                // On disk before the rename makes it part of the store and the row points at it: after a power cut the rename
                // could otherwise survive while the bytes did not (a full file name over an empty file).
                if (!tooLarge) output.Flush(flushToDisk: true);
            }

            if (tooLarge)
            {
                File.Delete(tempPath);
                return new DiskStagedFile(this, null, total, tooLarge: true, "");
            }
            return new DiskStagedFile(this, tempPath, total, tooLarge: false, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            TryDeletePath(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    public bool TryDelete(string sha256) => TryDeletePath(PathOf(sha256));

    /// <summary>Every file in the store (<c>ab/cd/abcd…</c>) with when it was written; anything else under the root is ignored.</summary>
    public IEnumerable<(string Sha256, DateTime WrittenAtUtc)> StoredHashes()
    {
        if (!Directory.Exists(Root)) yield break;
        foreach (var first in Directory.EnumerateDirectories(Root))
        {
            var a = Path.GetFileName(first);
            if (!IsHexPair(a)) continue;
            foreach (var second in Directory.EnumerateDirectories(first))
            {
                var b = Path.GetFileName(second);
                if (!IsHexPair(b)) continue;
                foreach (var file in Directory.EnumerateFiles(second))
                {
                    var name = Path.GetFileName(file);
                    if (name.Length == 64 && name.All(char.IsAsciiHexDigitLower) && name.StartsWith(a + b, StringComparison.Ordinal))
                        yield return (name, File.GetLastWriteTimeUtc(file));
                }
            }
        }
    }

    /// <summary>Deletes part files in tmp/ last written before <paramref name="cutoffUtc"/> (uploads cut off by a crash); returns how many.</summary>
    public int DeleteStagedOlderThan(DateTime cutoffUtc)
    {
        if (!Directory.Exists(TempDirectory)) return 0;
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(TempDirectory, "*.part"))
            if (File.GetLastWriteTimeUtc(file) < cutoffUtc && TryDeletePath(file)) deleted++;
        return deleted;
    }

    private static bool IsHexPair(string name) => name.Length == 2 && name.All(char.IsAsciiHexDigitLower);

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);

    /// <summary>Where a hash lives; refuses anything that is not 64 hex digits, so a hash can never name a path.</summary>
    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("不是有效的 SHA-256 值", nameof(sha256));
        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256);
    }

    private static bool TryDeletePath(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private sealed class DiskStagedFile : StagedFile
    {
        private readonly DiskFileStore _store;
        private string? _tempPath;

        public DiskStagedFile(DiskFileStore store, string? tempPath, long length, bool tooLarge, string sha256)
        {
            _store = store;
            _tempPath = tempPath;
            Length = length;
            TooLarge = tooLarge;
            Sha256 = sha256;
        }

        public override Stream OpenRead() =>
            new FileStream(_tempPath ?? throw new InvalidOperationException("暂存文件已不存在"), FileMode.Open, FileAccess.Read, FileShare.Read);

        public override Task CommitAsync(CancellationToken ct = default)
        {
            if (_tempPath is null || TooLarge) throw new InvalidOperationException("暂存文件已不存在");
            var target = _store.PathOf(Sha256);
            if (File.Exists(target))
            {
                TryDeletePath(_tempPath);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(_tempPath, target, overwrite: false);
                    PlacedNewFile = true;
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another upload of the same bytes got there first: theirs is identical.
                    TryDeletePath(_tempPath);
                }
            }
            _tempPath = null;
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            if (_tempPath is not null) TryDeletePath(_tempPath);
            _tempPath = null;
            return ValueTask.CompletedTask;
        }
    }
}
