using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Documents;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>Parsed plan → database, all in one transaction; the same document twice is a no-op.</summary>
public sealed partial class PlanImporter(IDbContextFactory<AppDbContext> dbFactory, NationalDivisions divisions, ILogger<PlanImporter> logger,
    TimeProvider clock)
{
    public static string KeyFromFileName(string path) => Path.GetFileNameWithoutExtension(path).Trim().ToLowerInvariant();

    /// <summary>Whether a plan key is usable (lower-case letters, digits and hyphens), before anything is imported under it.</summary>
    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public Task<PlanImportResult> ImportAsync(string key, string text, CancellationToken ct = default) =>
        ImportAsync(key, PlanDocument.FromText(text), ct);

    /// <summary>
    /// A read plan document (PlanDocumentReader): its whole text is stored and hashed, its body and task tables parsed
    /// together (PlanDocumentParser), so a .docx or .pdf imports exactly as its text and tables say.
    /// </summary>
    public async Task<PlanImportResult> ImportAsync(string key, PlanDocument document, CancellationToken ct = default)
    {
        if (document.Refusal is { } unreadable) return PlanImportResult.Fail([new ImportProblem(null, unreadable)]);
        var text = document.Text;
        key = key.Trim().ToLowerInvariant();
        if (!KeyPattern().IsMatch(key))
            return PlanImportResult.Fail([new ImportProblem(null, $"方案标识「{key}」无效：只能使用小写字母、数字和连字符（如 mengjin-2024）")]);

        // Refused before hashing or parsing: a text beyond the limit costs nothing but this check (PlanLimits).
        if (PlanLimits.Check(text) is { } refusal) return PlanImportResult.Fail([new ImportProblem(null, refusal)]);
        var hash = Sha256(text);
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var existing = await db.Plans.Where(p => p.SourceSha256 == hash).Select(p => p.Key).FirstOrDefaultAsync(ct);
        if (existing is not null) return await CountsAsync(db, existing, PlanImportOutcome.AlreadyImported, [], ct);
        if (await db.Plans.AnyAsync(p => p.Key == key, ct))
            return PlanImportResult.Fail([new ImportProblem(null, $"方案标识「{key}」已被另一份文件使用，请换一个标识")]);

        var parsed = PlanDocumentParser.Parse(document);
        if (parsed.Tasks.Count == 0) return NoTasks(parsed);
        var lookup = await RegionResolver.LookUpAsync(db, parsed.Region, $"{parsed.Issuer} {parsed.Title}", ct);
        if (lookup.Region is not { } region)
            return PlanImportResult.Fail([new ImportProblem(null, parsed.Region is null
                ? "未能从文件中识别方案所属的行政区划（如「孟津区」「伊川县」）"
                : lookup.Candidates.Count > 1
                    ? $"行政区划「{parsed.Region}」在区划表中不止一处（{string.Join("、", lookup.Candidates)}），请在方案标题中写明所属省、市，或通过导入方案页面核对时选择"
                    : $"行政区划「{parsed.Region}」不在区划表中，请先在区域管理中添加")], ToProblems(parsed.Warnings));
        // The county's townships are loaded the first time one of its plans comes in: they are the plan's implementing areas.
        await divisions.EnsureTownshipsAsync(db, region, ct);

        var units = await UnitDirectory.LoadAsync(db, region, ct);
        parsed = PlanDocumentParser.Parse(document, await RegionResolver.ParserOptionsAsync(db, region, units, ct));
        if (parsed.Tasks.Count == 0) return NoTasks(parsed);

        var plan = new Plan(key, parsed.Title, parsed.DocNumber, parsed.Issuer, parsed.IssuedOn, parsed.PlanYear,
            region, parsed.Region ?? region.Name, text, hash);
        db.Plans.Add(plan);
        var addedZones = await ZoneRegistrar.AddZonesNamedInAsync(db, region, parsed, ct);
        var builder = new PlanGraphBuilder(plan, units, RegionResolver.Subordinates(region));
        builder.Build(parsed);

        await db.SaveInTransactionAsync((db, ct) => db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct), ct);

        logger.LogInformation("已导入方案 {Key}：{Tasks} 项任务", key, plan.Tasks.Count(t => t.Parent is null));
        return await CountsAsync(db, key, PlanImportOutcome.Imported, [.. ToProblems(parsed.Warnings), .. addedZones, .. builder.Warnings], ct);
    }

    /// <summary>
    /// A plan read from something other than a document (an Excel ledger): the caller turns its source into a ParsedPlan,
    /// given the region's curated alias table, and everything after that (units, townships, zones, one transaction) is
    /// the document path's. <paramref name="sourceText"/> is what is stored and hashed, so the same ledger twice is a no-op.
    /// </summary>
    public const string LedgerImportAction = "plan.import-ledger";

    /// <summary>A plan document imported through the review screen (导入实施方案), with the reviewer's corrections.</summary>
    public const string ReviewedImportAction = "plan.import-reviewed";

    /// <param name="actor">Who imports: the plan, its tasks and assignments are created in the same commit as their history row.</param>
    /// <param name="provenance">How the plan came in, for its history row (a ledger when null), and work that must commit with it.</param>
    public async Task<PlanImportResult> ImportParsedAsync(UserContext actor, string key, int regionId, string sourceText,
        Func<IReadOnlyDictionary<string, string>, ParsedPlan> parse, CancellationToken ct = default, ImportProvenance? provenance = null)
    {
        provenance ??= ImportProvenance.Ledger;
        key = key.Trim().ToLowerInvariant();
        if (!KeyPattern().IsMatch(key))
            return PlanImportResult.Fail([new ImportProblem(null, $"方案标识「{key}」无效：只能使用小写字母、数字和连字符（如 mengjin-2024）")]);

        var hash = Sha256(sourceText);
        // Saves twice (the history row needs the plan's id), so under the retrying strategy a dropped connection runs the
        // whole import again on a fresh context; the failed attempt's transaction never committed.
        return await dbFactory.RetryingAsync(async db =>
        {
            var existing = await db.Plans.Where(p => p.SourceSha256 == hash).Select(p => p.Key).FirstOrDefaultAsync(ct);
            if (existing is not null) return await CountsAsync(db, existing, PlanImportOutcome.AlreadyImported, [], ct);
            if (await db.Plans.AnyAsync(p => p.Key == key, ct))
                return PlanImportResult.Fail([new ImportProblem(null, $"方案标识「{key}」已被另一份文件使用，请换一个标识")]);

            var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == regionId, ct);
            if (region is null) return PlanImportResult.Fail([new ImportProblem(null, "所选行政区划不存在")]);
            await divisions.EnsureTownshipsAsync(db, region, ct);
            var units = await UnitDirectory.LoadAsync(db, region, ct);
            var parsed = parse(units.AliasTable());
            if (parsed.Tasks.Count == 0) return PlanImportResult.Fail([new ImportProblem(null, "没有可导入的任务")]);
            if (string.IsNullOrWhiteSpace(parsed.Title)) return PlanImportResult.Fail([new ImportProblem(null, "请填写方案名称")]);

            var plan = new Plan(key, parsed.Title.Trim(), parsed.DocNumber, parsed.Issuer, parsed.IssuedOn, parsed.PlanYear,
                region, parsed.Region ?? region.Name, sourceText, hash);
            db.Plans.Add(plan);
            var addedZones = await ZoneRegistrar.AddZonesNamedInAsync(db, region, parsed, ct);
            var builder = new PlanGraphBuilder(plan, units, await RegionResolver.SubordinatesAsync(db, region, ct));
            builder.Build(parsed);

            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await db.SaveChangesAsync(ct);
                // Counted from the saved rows, so the history says exactly what the import created.
                var created = await CountsAsync(db, key, PlanImportOutcome.Imported, [], ct);
                var corrected = provenance.Corrections.Count > 0 ? $"；核对时更正 {provenance.Corrections.Count} 处" : "";
                db.Audit(actor, clock.GetUtcNow(), provenance.Action, "plan", plan.Id, null,
                    $"从{provenance.SourceWords}导入方案「{plan.Title}」（{key}）：{created.TaskCount} 项任务，{created.AssignmentCount} 条责任分工，{created.MilestoneCount} 个完成时限{corrected}",
                    after: new { Key = key, plan.Title, Region = region.Name, Tasks = created.TaskCount, Assignments = created.AssignmentCount,
                        Milestones = created.MilestoneCount, SourceSha256 = hash, provenance.FileName, provenance.Corrections });
                if (provenance.InSameTransaction is { } also) await also(db, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            logger.LogInformation("已从{Source}导入方案 {Key}：{Tasks} 项任务", provenance.SourceWords, key, plan.Tasks.Count(t => t.Parent is null));
            return await CountsAsync(db, key, PlanImportOutcome.Imported, [.. addedZones, .. builder.Warnings], ct);
        }, ct);
    }

    private static async Task<PlanImportResult> CountsAsync(AppDbContext db, string key, PlanImportOutcome outcome,
        IReadOnlyList<ImportProblem> warnings, CancellationToken ct)
    {
        var counts = await db.Plans.Where(p => p.Key == key).Select(p => new
        {
            Tasks = p.Tasks.Count(t => t.ParentId == null),
            Assignments = p.Tasks.SelectMany(t => t.Assignments).Count(),
            Milestones = p.Tasks.SelectMany(t => t.Milestones).Count(),
        }).SingleAsync(ct);
        return new PlanImportResult(outcome, key, counts.Tasks, counts.Assignments, counts.Milestones, [], warnings);
    }

    private static PlanImportResult NoTasks(ParsedPlan parsed) => PlanImportResult.Fail(
        [.. ToProblems(parsed.Warnings), new ImportProblem(null, "未识别到任何编号任务，未导入。请检查文件是否为实施方案正文，或对照 docs/plan-format.md 调整格式")]);

    private static List<ImportProblem> ToProblems(IEnumerable<ParseWarning> warnings) =>
        warnings.Select(w => new ImportProblem(w.Line, w.Message)).ToList();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();
}
