namespace AirPlan.Web.Features.Evidence;

/// <summary>Settings under <c>AirPlan:Evidence</c>.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "AirPlan:Evidence";
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    /// <summary>Largest accepted file, in bytes (default 50 MB).</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>
    /// How much evidence one unit may hold, in MB (default 2048): the files of its assignments that are not removed, each row
    /// counted in full even when the same bytes are stored once. One office cannot fill the disk everyone shares.
    /// </summary>
    public int UnitQuotaMegabytes { get; set; } = DefaultUnitQuotaMegabytes;

    public const int DefaultUnitQuotaMegabytes = 2048;

    public long UnitQuotaBytes => UnitQuotaMegabytes * 1024L * 1024;

    /// <summary>Root of the content-addressed store; empty means <see cref="DiskFileStore.DefaultRoot"/>. Never under wwwroot.</summary>
    public string? StoragePath { get; set; }
}
