using System.IO.Compression;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>
/// 全国行政区划 (seeds/china-divisions.csv.gz, 44,700 rows): provinces, cities and counties are loaded at start, a county's
/// townships only when a plan for it is imported or reviewed, or an admin opens it (docs/decisions/028-national-divisions.md).
/// Every load is INSERT … ON CONFLICT DO NOTHING keyed by the statistics code, so it can run any number of times, also over a
/// database that holds the Henan list of earlier versions (the same codes) or zones added in the app.
/// </summary>
/// <param name="path">The list file; null when there is no seeds folder, and then nothing is loaded.</param>
public sealed class NationalDivisions(string? path, RegionTree regionTree, ILogger<NationalDivisions> logger)
{
    private readonly Lazy<Catalog?> _catalog = new(() => path is not null && File.Exists(path) ? Catalog.Read(path) : null);

    /// <summary>Whether the list file was found.</summary>
    public bool Available => _catalog.Value is not null;

    /// <summary>Provinces, cities and counties (3,348 rows): what resolving a plan's region needs. Returns the rows added.</summary>
    public async Task<int> LoadUpperLevelsAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (_catalog.Value is not { } catalog) return 0;
        var codes = catalog.Upper.Select(r => r.Code).ToArray();
        // A restart costs one indexed count instead of 3,348 conflicting inserts.
        if (await db.Regions.CountAsync(r => codes.Contains(r.Code), ct) == codes.Length) return 0;
        // Parents first: each level's rows find their parent's id by code among the rows already there.
        var added = await db.Database.InTransactionAsync(async token =>
        {
            var count = 0;
            foreach (var level in new[] { RegionLevel.Province, RegionLevel.City, RegionLevel.County })
                count += await InsertAsync(db, catalog.Upper.Where(r => r.Level == level).ToList(), token);
            return count;
        }, ct);
        if (added > 0) Changed("省、市、县三级", added);
        return added;
    }

    /// <summary>A county's 乡镇（街道） and the like, if the list has them and the database does not yet. Returns the rows added.</summary>
    public async Task<int> EnsureTownshipsAsync(AppDbContext db, Region region, CancellationToken ct = default)
    {
        if (region.Level != RegionLevel.County || _catalog.Value is not { } catalog) return 0;
        if (!catalog.TownshipsByCounty.TryGetValue(region.Code, out var rows)) return 0;
        var added = await InsertAsync(db, rows, ct);
        if (added > 0) Changed($"「{region.Name}」的乡镇（街道）", added);
        return added;
    }

    /// <summary>
    /// Every county's townships within a province (a two-digit prefix such as 41): for <c>airplan generate</c>, which builds
    /// synthetic plans for many counties at once, and for test databases written against the whole Henan list.
    /// </summary>
    public async Task<int> LoadTownshipsOfProvinceAsync(AppDbContext db, string provincePrefix, CancellationToken ct = default)
    {
        if (_catalog.Value is not { } catalog) return 0;
        var rows = catalog.TownshipsByCounty.Where(c => c.Key.StartsWith(provincePrefix, StringComparison.Ordinal))
            .SelectMany(c => c.Value).ToList();
        var added = await InsertAsync(db, rows, ct);
        if (added > 0) Changed($"{provincePrefix} 开头各县的乡镇（街道）", added);
        return added;
    }

    private void Changed(string what, int added)
    {
        // Scopes ("the county and everything under it") are expanded from the cached tree; new rows must be in it.
        regionTree.Invalidate();
        logger.LogInformation("已载入行政区划{What} {Count} 条", what, added);
    }

    /// <summary>
    /// One statement for any number of rows (unnest of four arrays), the parent found by code. A row whose code, or whose name
    /// under the same parent (a zone added in the app with an official name), is already there is left as it is.
    /// </summary>
    private static async Task<int> InsertAsync(AppDbContext db, IReadOnlyCollection<DivisionRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return 0;
        var codes = rows.Select(r => r.Code).ToArray();
        var names = rows.Select(r => r.Name).ToArray();
        var levels = rows.Select(r => r.Level.ToString()).ToArray();
        var parents = rows.Select(r => r.ParentCode).ToArray();
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO regions (code, name, level, parent_id)
            SELECT u.code, u.name, u.level, p.id
            FROM unnest({codes}::text[], {names}::text[], {levels}::text[], {parents}::text[]) AS u(code, name, level, parent_code)
            LEFT JOIN regions p ON p.code = u.parent_code
            WHERE u.parent_code = '' OR p.id IS NOT NULL
            ON CONFLICT DO NOTHING
            """, ct);
    }

    /// <summary>The file read once per process: 1.7 MB of text, kept as rows (a few MB) so a county's townships cost no file read.</summary>
    private sealed record Catalog(IReadOnlyList<DivisionRow> Upper, IReadOnlyDictionary<string, List<DivisionRow>> TownshipsByCounty)
    {
        public static Catalog Read(string path)
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var upper = new List<DivisionRow>();
            var townships = new Dictionary<string, List<DivisionRow>>(StringComparer.Ordinal);
            foreach (var row in DivisionList.Read(reader))
            {
                if (DivisionList.IsUpperLevel(row.Level)) upper.Add(row);
                else if (townships.TryGetValue(row.ParentCode, out var list)) list.Add(row);
                else townships[row.ParentCode] = [row];
            }
            return new Catalog(upper, townships);
        }
    }
}
