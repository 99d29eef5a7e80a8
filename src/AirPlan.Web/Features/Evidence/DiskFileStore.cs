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
            TryDelete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    public Stream OpenRead(string sha256) =>
        new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);

    /// <summary>Where a hash lives; refuses anything that is not 64 hex digits, so a hash can never name a path.</summary>
    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("不是有效的 SHA-256 值", nameof(sha256));
        return Path.Combine(Root, sha256[..2], sha256[2..4], sha256);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
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
                TryDelete(_tempPath);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(_tempPath, target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Another upload of the same bytes got there first: theirs is identical.
                    TryDelete(_tempPath);
                }
            }
            _tempPath = null;
            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            if (_tempPath is not null) TryDelete(_tempPath);
            _tempPath = null;
            return ValueTask.CompletedTask;
        }
    }
}
