namespace AirPlan.Web.Features.Evidence;

/// <summary>Files kept by their SHA-256 (lower-case hex): the same bytes are stored once however often they are uploaded.</summary>
public interface IFileStore
{
    /// <summary>
    /// Copies <paramref name="content"/> into a temporary file while hashing it; stops reading once more than
    /// <paramref name="maxBytes"/> have arrived. Nothing is visible in the store until <see cref="StagedFile.CommitAsync"/>;
    /// disposing an uncommitted staged file deletes it.
    /// </summary>
    Task<StagedFile> StageAsync(Stream content, long maxBytes, IProgress<long>? progress = null, CancellationToken ct = default);

    bool Exists(string sha256);

    /// <summary>Deletes a stored file; false when it was not there or could not be deleted.</summary>
    bool TryDelete(string sha256);

    /// <summary>Opens a stored file for reading; throws <see cref="FileNotFoundException"/> when absent.</summary>
    Stream OpenRead(string sha256);
}

/// <summary>An upload written to the store's tmp/ directory, not yet part of the store.</summary>
public abstract class StagedFile : IAsyncDisposable
{
    /// <summary>Bytes received (at most maxBytes + 1: reading stops past the limit).</summary>
    public long Length { get; protected init; }

    /// <summary>True when the content was larger than the limit; <see cref="Sha256"/> is then empty.</summary>
    public bool TooLarge { get; protected init; }

    public string Sha256 { get; protected init; } = "";

    /// <summary>
    /// True once <see cref="CommitAsync"/> put these bytes into the store; false when the store already held them (another
    /// row's file). Only a file this upload placed may be taken back when its row fails to commit.
    /// </summary>
    public bool PlacedNewFile { get; protected set; }

    /// <summary>Reads the staged bytes (for content sniffing).</summary>
    public abstract Stream OpenRead();

    /// <summary>Moves the file into place; when the store already holds these bytes the temporary copy is dropped.</summary>
    public abstract Task CommitAsync(CancellationToken ct = default);

    public abstract ValueTask DisposeAsync();
}
