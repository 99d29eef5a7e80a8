namespace AirPlan.Web.Features.Evidence;

/// <summary>Settings under <c>AirPlan:Evidence</c>.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "AirPlan:Evidence";
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    /// <summary>Largest accepted file, in bytes (default 50 MB).</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Root of the content-addressed store; empty means <see cref="DiskFileStore.DefaultRoot"/>. Never under wwwroot.</summary>
    public string? StoragePath { get; set; }
}
