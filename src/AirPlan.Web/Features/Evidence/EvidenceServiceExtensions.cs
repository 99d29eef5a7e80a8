using AirPlan.Web.Infrastructure.Postgres;

namespace AirPlan.Web.Features.Evidence;

public static class EvidenceServiceExtensions
{
    public static IHostApplicationBuilder AddEvidence(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var webRoot = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, "wwwroot"));
        builder.Services.AddOptions<EvidenceOptions>()
            .Bind(configuration.GetSection(EvidenceOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.StoragePath))
                    o.StoragePath = DiskFileStore.DefaultRoot(configuration[PostgresHostingExtensions.DataDirectoryKey]);
            })
            .Validate(o => o.MaxBytes > 0, "AirPlan:Evidence:MaxBytes 必须大于 0")
            .Validate(o => o.UnitQuotaMegabytes > 0, "AirPlan:Evidence:UnitQuotaMegabytes 必须大于 0")
            .Validate(o => !IsUnder(o.StoragePath!, webRoot), "AirPlan:Evidence:StoragePath 不能位于 wwwroot 下（佐证材料不能被直接访问）")
            .ValidateOnStart();
        builder.Services.AddSingleton<IFileStore, DiskFileStore>();
        builder.Services.AddSingleton<EvidenceService>();
        return builder;
    }

    private static bool IsUnder(string path, string root)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
    }
}
