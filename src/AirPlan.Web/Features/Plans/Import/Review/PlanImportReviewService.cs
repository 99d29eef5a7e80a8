using System.Text.Encodings.Web;
using System.Text.Json;
using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Documents;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans.Import.Ledger;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Plans.Import.Review;

/// <summary>
/// 导入实施方案: upload → parse → a draft on the server (plan_import_drafts) the reviewer corrects → confirm, which builds the
/// plan through <see cref="PlanImporter.ImportParsedAsync"/> and removes the draft in the same transaction. Nothing touches the
/// plan tables before confirmation. Only admins and the plan region's coordinators may import (AccessPolicy).
/// </summary>
public sealed class PlanImportReviewService(IDbContextFactory<AppDbContext> dbFactory, PlanImporter importer,
    LedgerImportService ledgers, NationalDivisions divisions, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>行政区划 search: the cities and counties the actor may import for (Visibility.ImportRegions), as the box offers them.</summary>
    public async Task<IReadOnlyList<RegionChoice>> SearchRegionsAsync(UserContext actor, string? text, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RegionSearch.FindAsync(Visibility.ImportRegions(db, actor), text, RegionSearch.PlanLevels, ct);
    }

    /// <summary>The actor's open review, if any: what the page shows after a reload or a dropped circuit.</summary>
    public async Task<ReviewDraftView?> OpenAsync(UserContext actor, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await db.PlanImportDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.UserId == actor.UserId, ct);
        return draft is null ? null : await ViewAsync(db, actor, draft, Deserialize(draft.Review), ct);
    }

    /// <summary>Reads and parses an uploaded plan (a document, or an Excel ledger) into a new draft; a file that cannot be read leaves nothing behind.</summary>
    /// <exception cref="DomainException">Why the file cannot be reviewed (size, format, encoding, no tasks found).</exception>
    public async Task<ReviewDraftView> StartAsync(UserContext actor, string fileName, Stream content, long size, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PlanImportDrafts.Where(d => d.UserId == actor.UserId).Select(d => d.FileName).FirstOrDefaultAsync(ct) is { } open)
            throw new DomainException($"您还有一份未完成的核对（{open}），请先确认导入或放弃后再上传");

        var (text, review, region) = Path.GetExtension(fileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? await ReadLedgerAsync(db, content, size, ct)
            : await ReadDocumentAsync(db, fileName, content, size, ct);
        // The region's townships are what the reviewer's township scope means; a county elsewhere in China gets them now.
        if (region is not null) await divisions.EnsureTownshipsAsync(db, region, ct);
        var suggestedKey = PlanImporter.KeyFromFileName(fileName);
        review.Key = PlanImporter.IsValidKey(suggestedKey) ? suggestedKey : "";
        review.FileRegionId = region?.Id;
        if (region is not null) review.RegionWritten ??= region.Name;
        // Only the region the file itself names, and only when the actor may import for it: never the actor's first region.
        if (region is not null && AccessPolicy.CanImportPlanFor(actor, region.Id)) review.RegionId = region.Id;

        return await SaveDraftAsync(db, actor, new PlanImportDraft(actor.UserId, fileName, text, Serialize(review), clock.GetUtcNow()),
            review, "您还有一份未完成的核对，请先确认导入或放弃后再上传", ct);
    }

    /// <summary>
    /// 导入修订版: a revised document of a running plan, read as any plan document and reviewed on the same screen; its region
    /// and key are the plan's, and it is confirmed through 差异确认 (PlanRevisionService), never as a plan of its own.
    /// </summary>
    /// <exception cref="DomainException">Why the file cannot be reviewed, or it is the plan's current text.</exception>
    public async Task<ReviewDraftView> StartRevisionAsync(UserContext actor, string planKey, string fileName, Stream content, long size,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.Include(p => p.Region).SingleOrDefaultAsync(p => p.Key == planKey, ct)
            ?? throw new NotFoundException($"方案「{planKey}」不存在");
        AccessPolicy.EnsureRevisePlan(actor, plan.RegionId);
        if (await db.PlanImportDrafts.Where(d => d.UserId == actor.UserId).Select(d => d.FileName).FirstOrDefaultAsync(ct) is { } open)
            throw new DomainException($"您还有一份未完成的核对（{open}），请先确认或放弃后再上传");

        var document = await PlanSource.ReadAsync(content, fileName, size, ct);
        if (PlanImporter.Sha256(document.Text) == plan.SourceSha256) throw new DomainException("该文件与方案现行文本相同，无需修订");
        // The plan's region decides the units, whatever region the revised text happens to name.
        // Its aliases and areas too, as a first import reads them (a named township government is a scope).
        var parsed = PlanDocumentParser.Parse(document,
            await RegionResolver.ParserOptionsAsync(db, plan.Region!, await UnitDirectory.LoadAsync(db, plan.Region!, ct), ct));
        if (parsed.Refusal is not null || parsed.Tasks.Count == 0)
            throw new DomainException("未能从文件中读出任何任务，未保存：" + string.Join("；", parsed.Warnings.Take(5).Select(w => w.ToString())));
        var review = PlanReview.From(parsed, SourceLines(document.Text).Count);
        (review.Key, review.RegionId, review.FileRegionId, review.RevisionOf) = (plan.Key, plan.RegionId, plan.RegionId, plan.Key);
        review.RegionWritten = plan.RegionNameAsWritten;

        return await SaveDraftAsync(db, actor, new PlanImportDraft(actor.UserId, fileName, document.Text, Serialize(review), clock.GetUtcNow()),
            review, "您还有一份未完成的核对，请先确认或放弃后再上传", ct);
    }

    /// <summary>Keeps a new draft; one per user (a unique key), so a second upload racing the first is refused, not doubled.</summary>
    private static async Task<ReviewDraftView> SaveDraftAsync(AppDbContext db, UserContext actor, PlanImportDraft draft, PlanReview review,
        string alreadyOpen, CancellationToken ct)
    {
        db.PlanImportDrafts.Add(draft);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DomainException(alreadyOpen);
        }
        return await ViewAsync(db, actor, draft, review, ct);
    }

    private async Task<(string Text, PlanReview Review, Region? Region)> ReadDocumentAsync(AppDbContext db, string fileName,
        Stream content, long size, CancellationToken ct)
    {
        var document = await PlanSource.ReadAsync(content, fileName, size, ct);
        var text = document.Text;
        var parsed = PlanDocumentParser.Parse(document);
        // An ambiguous name (朝阳区 without 北京 or 长春 in the title) leaves the region for the reviewer to choose.
        var region = (await RegionResolver.LookUpAsync(db, parsed.Region, $"{parsed.Issuer} {parsed.Title}", ct)).Region;
        if (region is not null && parsed.Refusal is null)
        {
            // Townships first: a county elsewhere in China has none loaded until now, and they are what a named township
            // government in the text is recognised by.
            await divisions.EnsureTownshipsAsync(db, region, ct);
            // The region's curated aliases and its areas, as the command-line import does, so known spellings arrive as their
            // unit and a named county or township government as the task's scope.
            parsed = PlanDocumentParser.Parse(document,
                await RegionResolver.ParserOptionsAsync(db, region, await UnitDirectory.LoadAsync(db, region, ct), ct));
        }
        if (parsed.Refusal is not null || parsed.Tasks.Count == 0)
            throw new DomainException("未能从文件中读出任何任务，未保存：" + string.Join("；", parsed.Warnings.Take(5).Select(w => w.ToString())));
        return (text, PlanReview.From(parsed, SourceLines(text).Count), region);
    }

    /// <summary>
    /// A ledger's region is the one its title names (孟津区…台账), looked up in the whole division list, so a 新安县 ledger is
    /// 新安县's even when a 孟津区 coordinator uploads it.
    /// </summary>
    private async Task<(string Text, PlanReview Review, Region? Region)> ReadLedgerAsync(AppDbContext db, Stream content, long size,
        CancellationToken ct)
    {
        if (size > LedgerImportService.MaxFileBytes) throw new DomainException("文件超过 20 MB，请拆分后再导入");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var sheet = LedgerWorkbookReader.Read(buffer.ToArray());
        var title = LedgerImportService.SuggestedTitle(sheet.TitleText);
        var region = (await RegionResolver.LookUpInTextAsync(db, sheet.TitleText, ct)).Region;
        var aliases = region is null ? new Dictionary<string, string>() : (await UnitDirectory.LoadAsync(db, region, ct)).AliasTable();
        var reading = ledgers.Read(sheet, title, region?.Name, aliases);
        if (reading.Plan.Tasks.Count == 0)
            throw new DomainException("台账中没有可导入的任务，未保存：" + string.Join("；", reading.Problems.Take(5).Select(p => p.ToString())));

        var plan = reading.Plan;
        var withProblems = new ParsedPlan
        {
            Title = plan.Title, DocNumber = plan.DocNumber, Issuer = plan.Issuer, IssuedOn = plan.IssuedOn, PlanYear = plan.PlanYear,
            Region = plan.Region, Targets = plan.Targets, Chapters = plan.Chapters, Tasks = plan.Tasks, Units = plan.Units,
            // Rows left out are warnings at their row, beside the tasks around them.
            Warnings = [.. plan.Warnings, .. reading.Problems.Select(p => new ParseWarning(p.Row, $"未导入：{p.Message}"))],
        };
        var lastRow = sheet.Rows.Count == 0 ? sheet.HeaderRow : sheet.Rows.Max(r => r.Row);
        var review = PlanReview.From(withProblems, lastRow);
        review.SourceRows = sheet.Rows.ToDictionary(r => r.Row, r => string.Join(" | ", new[]
            { r.Number, r.Chapter, r.Title, r.Content, r.Lead, r.Supporting, r.Townships, r.DeadlineText }.Where(c => c.Length > 0)));
        return (LedgerImportService.SourceText(title, sheet), review, region);
    }

    /// <summary>Keeps the reviewer's corrections; a save from another tab in between is a conflict, not an overwrite.</summary>
    public async Task<ReviewDraftView> SaveAsync(UserContext actor, int draftId, uint version, PlanReview review, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, review.RegionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await OwnDraftAsync(db, actor, draftId, ct);
        // What was parsed is the server's, whatever the page sends: the corrections are measured against it.
        var stored = Deserialize(draft.Review);
        review.Parsed = stored.Parsed;
        // A revision belongs to its plan: the page cannot turn it into another plan or region.
        if (stored.IsRevision)
            (review.RevisionOf, review.Key, review.RegionId, review.FileRegionId) = (stored.RevisionOf, stored.Key, stored.RegionId, stored.FileRegionId);
        db.Entry(draft).Property(d => d.Version).OriginalValue = version;
        draft.Save(Serialize(review), clock.GetUtcNow());
        await db.SaveOrConflictAsync(ct);
        return await ViewAsync(db, actor, draft, review, ct);
    }

    /// <summary>放弃: the draft goes; nothing else was ever written.</summary>
    public async Task DiscardAsync(UserContext actor, int draftId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, null);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.PlanImportDrafts.Where(d => d.Id == draftId && d.UserId == actor.UserId).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Builds the plan from the draft as saved at <paramref name="version"/>: one transaction holding the plan, its history row
    /// (who, and every correction against the parse) and the draft's removal.
    /// </summary>
    public async Task<PlanImportResult> ConfirmAsync(UserContext actor, int draftId, uint version, CancellationToken ct = default)
    {
        AccessPolicy.EnsureImportPlan(actor, null);
        PlanImportDraft draft;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            draft = await OwnDraftAsync(db, actor, draftId, ct);
        if (draft.Version != version) throw new ConcurrencyConflictException();
        var review = Deserialize(draft.Review);
        if (review.IsRevision) throw new DomainException("这是修订版的核对，请在差异确认后确认修订");
        if (review.RegionId is not { } regionId) return PlanImportResult.Fail([new ImportProblem(null, "请选择方案所属的行政区划")]);
        AccessPolicy.EnsureImportPlan(actor, regionId);
        if (review.Tasks.Any(t => t.Lead.Count == 0 && t.Supporting.Count == 0 && t.Scope == TownshipScopeKind.None))
            return PlanImportResult.Fail(review.Tasks.Where(t => t.Lead.Count == 0 && t.Supporting.Count == 0 && t.Scope == TownshipScopeKind.None)
                .Select(t => new ImportProblem(t.FirstLine, $"任务 {t.Label} 没有任何责任单位，请补充后再导入")).ToList());

        string regionName;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            regionName = await db.Regions.Where(r => r.Id == regionId).Select(r => r.Name).SingleOrDefaultAsync(ct) ?? "";
        var provenance = new ImportProvenance(review.IsLedger ? PlanImporter.LedgerImportAction : PlanImporter.ReviewedImportAction,
            review.IsLedger ? "台账" : "方案文件", draft.FileName, review.Corrections(),
            async (db, token) =>
            {
                // The draft is removed only as it was confirmed: a save from another tab since then rolls the import back.
                if (await db.PlanImportDrafts.Where(d => d.Id == draftId && d.Version == version).ExecuteDeleteAsync(token) == 0)
                    throw new ConcurrencyConflictException();
            });
        return await importer.ImportParsedAsync(actor, review.Key, regionId, draft.SourceText, _ => review.ToParsedPlan(regionId, regionName), ct, provenance);
    }

    internal static async Task<PlanImportDraft> OwnDraftAsync(AppDbContext db, UserContext actor, int draftId, CancellationToken ct) =>
        await db.PlanImportDrafts.SingleOrDefaultAsync(d => d.Id == draftId && d.UserId == actor.UserId, ct)
        ?? throw new NotFoundException("这份核对已不存在（可能已导入或已放弃），请重新上传");

    private static async Task<ReviewDraftView> ViewAsync(AppDbContext db, UserContext actor, PlanImportDraft draft, PlanReview review,
        CancellationToken ct)
    {
        var region = review.RegionId is { } id
            ? await db.Regions.Include(r => r.Parent).ThenInclude(p => p!.Parent).SingleOrDefaultAsync(r => r.Id == id, ct) : null;
        var units = region is null ? null : await UnitDirectory.LoadAsync(db, region, ct);
        var names = review.UnitNames();
        var matches = new Dictionary<string, UnitMatch>();
        foreach (var name in names)
        {
            if (units?.Existing(name) is { } unit)
            {
                matches[name] = new UnitMatch(name, unit.Name == name ? UnitMatchKind.Known : UnitMatchKind.Alias, unit.Name, []);
                continue;
            }
            // A new name near a known unit (or near another name of this plan) is probably that unit written differently.
            var known = units?.KnownNames ?? [];
            var suggestions = UnitSimilarity.Suggestions(name, known.Concat(names.Where(n => units?.Existing(n) is null)), max: 6)
                .Select(s => units?.Existing(s)?.Name ?? s).Where(s => s != name).Distinct().Take(3).ToList();
            matches[name] = new UnitMatch(name, UnitMatchKind.New, null, suggestions);
        }

        // What still needs a look, judged against the chosen region's units and areas (Core ReviewFindings).
        var subdivisions = region is null ? [] : (await RegionResolver.SubordinatesAsync(db, region, ct)).Select(r => r.Name).ToList();
        var findings = review.Findings(new ReviewContext(units?.KnownNames.ToList() ?? [], subdivisions));

        string? notice = null;
        var written = review.RegionWritten;
        if (region is null)
            notice = written is null ? "未能从文件中识别方案所属的行政区划，请选择"
                // Not found, or the same name in several places (朝阳区) with no province or city in the title to tell them apart.
                : review.FileRegionId is null ? $"文件所写的「{written}」在区划表中没有唯一对应的地区（可能有同名地区），请选择行政区划"
                : $"文件所写的「{written}」不在您可导入的地区内，请确认文件无误后选择行政区划";
        else if (written is not null && review.FileRegionId != region.Id)
            notice = $"文件所写的地区为「{written}」，与所选「{region.Name}」不同，请确认";

        return new ReviewDraftView(draft.Id, draft.Version, draft.FileName, draft.CreatedAt, draft.SavedAt, review,
            SourceLines(draft.SourceText), matches, region is null ? null : RegionSearch.Choice(region), notice, findings);
    }

    /// <summary>The source as the parser numbers it: \r\n, \n and a lone \r each end a line.</summary>
    public static IReadOnlyList<string> SourceLines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');

    private static string Serialize(PlanReview review) => JsonSerializer.Serialize(review, Json);

    internal static PlanReview Deserialize(string json) => JsonSerializer.Deserialize<PlanReview>(json, Json)!;
}

public enum UnitMatchKind
{
    /// <summary>A unit of the region by its own name.</summary>
    Known,
    /// <summary>An alias of a unit of the region.</summary>
    Alias,
    /// <summary>Not known in the region: the import creates it (新增).</summary>
    New,
}

/// <summary>How a unit name in the review relates to the region's units, with near names for a new one.</summary>
public sealed record UnitMatch(string Name, UnitMatchKind Kind, string? Existing, IReadOnlyList<string> Suggestions);

public sealed record ReviewDraftView(int Id, uint Version, string FileName, DateTimeOffset CreatedAt, DateTimeOffset SavedAt,
    PlanReview Review, IReadOnlyList<string> SourceLines, IReadOnlyDictionary<string, UnitMatch> Units, RegionChoice? Region,
    string? RegionNotice, IReadOnlyList<ReviewFinding> Findings)
{
    /// <summary>What still needs a look in this task (需要核对), at its lines.</summary>
    public IEnumerable<ReviewFinding> FindingsOf(ReviewTask task) =>
        Findings.Where(f => f.Kind != ReviewFindingKind.Warning && f.Line == task.FirstLine);

    /// <summary>The lines (a ledger: the worksheet rows) a task was read from, from its first line on.</summary>
    public IEnumerable<string> Lines(ReviewTask task) => Review.SourceRows is { } rows
        ? Enumerable.Range(task.FirstLine, Math.Max(1, task.LastLine - task.FirstLine + 1)).Select(r => rows.GetValueOrDefault(r, ""))
        : SourceLines.Skip(task.FirstLine - 1).Take(Math.Max(1, task.LastLine - task.FirstLine + 1));

    public IEnumerable<ParseWarning> WarningsOf(ReviewTask task) =>
        Review.Warnings.Where(w => w.Line >= task.FirstLine && w.Line <= task.LastLine);
}
