using System.Text;
using System.Text.RegularExpressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Ledger;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import.Ledger;

/// <summary>
/// 台账导入: an .xlsx ledger → preview → (on confirmation) a plan, through the document importer so units, townships and
/// the single transaction work the same way. Only admins and the region's coordinators may import.
/// </summary>
public sealed partial class LedgerImportService(IDbContextFactory<AppDbContext> dbFactory, PlanImporter importer, OfficeClock clock)
{
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>
    /// Regions the actor may import a plan for: counties and cities they coordinate, all of them for admins. A name found more
    /// than once in the country (朝阳区) is shown with its province and city, so the reviewer can tell which is meant.
    /// </summary>
    public async Task<IReadOnlyList<RegionOption>> RegionsAsync(UserContext actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var levels = new[] { RegionLevel.City, RegionLevel.County };
        var regions = await Visibility.ImportRegions(db, actor).Include(r => r.Parent).ThenInclude(p => p!.Parent)
            .Where(r => levels.Contains(r.Level) && !RegionResolver.Groupings.Contains(r.Name)).OrderBy(r => r.Code).ToListAsync(ct);
        var repeated = regions.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return regions.Select(r => new RegionOption(r.Id, repeated.Contains(r.Name) ? RegionResolver.FullName(r) : r.Name)).ToList();
    }

    /// <exception cref="LedgerFormatException">The file is not a readable ledger.</exception>
    public async Task<LedgerPreview> PreviewAsync(UserContext actor, byte[] content, int? regionId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, null);
        var sheet = LedgerWorkbookReader.Read(content);
        var title = SuggestedTitle(sheet.TitleText);
        var regions = await RegionsAsync(actor, ct);
        regionId ??= regions.Where(r => title.Contains(r.Name)).OrderByDescending(r => r.Name.Length).Select(r => (int?)r.Id).FirstOrDefault();
        var region = regions.FirstOrDefault(r => r.Id == regionId);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = region is null ? [] : await KnownUnitNamesAsync(db, region.Id, ct);
        var aliases = region is null ? new Dictionary<string, string>() : await AliasTableAsync(db, region.Id, ct);
        var reading = LedgerPlanAssembler.Assemble(sheet.Rows, title, region?.Name, PlanYear(title), new PlanParserOptions { UnitAliases = aliases });

        var tasks = reading.Plan.Tasks.Select(t => new LedgerTaskPreview(t.Line, t.Number,
            reading.Plan.Chapters.FirstOrDefault(c => c.Number == t.ChapterNumber) is { } c ? $"{c.Number}、{c.Title}" : "",
            t.Title, t.Lead, t.Supporting, t.Townships, t.Deadlines.Select(d => d.Date).Distinct().ToList(), t.IsContinuous, t.Subitems.Count)).ToList();
        var newUnits = region is null ? [] : reading.Plan.Units.Select(u => u.Name).Where(n => !known.Contains(n)).ToList();
        return new LedgerPreview(sheet.SheetName, sheet.HeaderRow, sheet.Headers, title, regionId, tasks, reading.Problems, newUnits,
            sheet.BlankRowsSkipped);
    }

    /// <summary>Reads the file again (the preview is not trusted) and imports its readable rows in one transaction.</summary>
    public async Task<PlanImportResult> ImportAsync(UserContext actor, byte[] content, LedgerImportForm form, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, form.RegionId);
        LedgerSheet sheet;
        try
        {
            sheet = LedgerWorkbookReader.Read(content);
        }
        catch (LedgerFormatException e)
        {
            return PlanImportResult.Fail([new ImportProblem(null, e.Message)]);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var regionName = await db.Regions.Where(r => r.Id == form.RegionId).Select(r => r.Name).SingleOrDefaultAsync(ct);
        if (regionName is null) return PlanImportResult.Fail([new ImportProblem(null, "请选择方案所属的行政区划")]);

        var title = form.Title.Trim();
        var source = SourceText(title, sheet);
        return await importer.ImportParsedAsync(actor, form.Key, form.RegionId, source,
            aliases => LedgerPlanAssembler.Assemble(sheet.Rows, title, regionName, PlanYear(title), new PlanParserOptions { UnitAliases = aliases }).Plan,
            ct);
    }

    /// <summary>The ledger's rows as a plan (for the review), read with the region's curated aliases.</summary>
    public LedgerReading Read(LedgerSheet sheet, string title, string? regionName, IReadOnlyDictionary<string, string> aliases) =>
        LedgerPlanAssembler.Assemble(sheet.Rows, title, regionName, PlanYear(title), new PlanParserOptions { UnitAliases = aliases });

    /// <summary>What is stored as the plan's source and hashed: the rows as read, so the same ledger twice is a no-op.</summary>
    public static string SourceText(string title, LedgerSheet sheet)
    {
        var text = new StringBuilder($"# 台账导入：{title}\n# 工作表：{sheet.SheetName}\n");
        foreach (var r in sheet.Rows)
            text.AppendLine(string.Join('\t', r.Row, r.ParentRow, r.Number, r.Chapter, r.Title, r.Content, r.Lead, r.Supporting, r.Townships,
                r.DeadlineText, string.Join(' ', r.DeadlineDates.Select(d => d.ToString("yyyy-MM-dd")))).Replace("\n", " ") );
        return text.ToString();
    }

    /// <summary>「孟津区空气质量持续改善实施方案任务推进台账（2025年第三季度）」→ 孟津区空气质量持续改善实施方案.</summary>
    public static string SuggestedTitle(string text)
    {
        var title = LedgerSuffix().Replace(text.Trim().Trim('「', '」'), "");
        return title.Trim();
    }

    private int PlanYear(string title)
    {
        var m = Year().Match(title);
        return m.Success ? int.Parse(m.Value) : clock.Today.Year;
    }

    private static async Task<HashSet<string>> KnownUnitNamesAsync(AppDbContext db, int regionId, CancellationToken ct) =>
        (await db.Units.Where(u => u.RegionId == regionId).Select(u => u.Name).ToListAsync(ct))
        .Concat(await db.UnitAliases.Where(a => a.Unit!.RegionId == regionId).Select(a => a.Alias).ToListAsync(ct))
        .ToHashSet();

    private static async Task<Dictionary<string, string>> AliasTableAsync(AppDbContext db, int regionId, CancellationToken ct) =>
        (await db.UnitAliases.Where(a => a.Unit!.RegionId == regionId).Select(a => new { a.Alias, a.Unit!.Name }).ToListAsync(ct))
        .DistinctBy(a => a.Alias).ToDictionary(a => a.Alias, a => a.Name);

    [GeneratedRegex(@"(任务推进|任务落实|工作推进|推进落实|工作)?(任务)?(台账|清单|明细表)(（[^）]*）|\([^)]*\))?$")] private static partial Regex LedgerSuffix();
    [GeneratedRegex(@"20\d{2}")] private static partial Regex Year();
}
