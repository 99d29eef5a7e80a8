using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Tasks;
using AirPlan.Web.Features.Tasks.Status;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AirPlan.Web.Features.Chasing.Notices;

/// <summary>
/// 督办单 (docs/decisions/022-supervision-notices-and-bulletins.md): a region's coordinators issue numbered notices for overdue
/// assignments, the unit's liaisons reply in writing (with files) and so close them, and a notice unanswered past its reply
/// date is escalated once to the region's coordinators. Whether an assignment is overdue, since when and by how many days is
/// the status engine's verdict on the issue date; it is copied into the notice because the notice says what was true then.
/// </summary>
public sealed class NoticeService(IDbContextFactory<AppDbContext> dbFactory, StatusEngine engine, OfficeClock clock, IFileStore store,
    IOptions<EvidenceOptions> evidenceOptions, ILogger<NoticeService> logger)
{
    public const string NotFoundMessage = "未找到该督办单";
    public const string FileNotFoundMessage = "未找到该反馈材料";
    public const string DefaultRequirements = "请单位主要负责同志亲自部署，逐项查找逾期原因，明确整改措施、责任人和完成时限，确保按期完成。";

    /// <summary>Default dates of a new notice: 7 days to reply, 15 to finish.</summary>
    public (DateOnly RequiredBy, DateOnly ReplyBy) DefaultDates() => (clock.Today.AddDays(15), clock.Today.AddDays(7));

    /// <summary>Issues one notice per assignment, numbered in its region's series for this year; all or none are issued.</summary>
    public async Task<IReadOnlyList<NoticeRow>> IssueAsync(UserContext actor, NoticeInput input, CancellationToken ct = default)
    {
        var ids = input.AssignmentIds.Distinct().ToList();
        if (ids.Count == 0) throw new DomainException("请选择要督办的任务");
        var today = clock.Today;
        var now = clock.Time.GetUtcNow(); // Npgsql writes timestamptz only as UTC

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var targets = await db.Assignments.AsNoTracking().Where(a => ids.Contains(a.Id) && a.ClosedAt == null)
            .Select(a => new
            {
                a.Id, a.TaskId, a.UnitId, UnitName = a.Unit!.Name, TaskNumber = a.Task!.Number, TaskTitle = a.Task.Title,
                a.Task.PlanId, PlanKey = a.Task.Plan!.Key, PlanTitle = a.Task.Plan.Title, a.Task.Plan.RegionId, RegionName = a.Task.Plan.Region!.Name,
            }).ToListAsync(ct);
        // An assignment the coordinator cannot see is answered like one that does not exist.
        var visible = await Visibility.Assignments(db, actor).Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        if (targets.Count != ids.Count || visible.Count != ids.Count) throw new NotFoundException("未找到所选的任务分工");
        foreach (var regionId in targets.Select(t => t.RegionId).Distinct()) AccessPolicy.EnsureIssueNotice(actor, regionId);

        var open = await db.SupervisionNotices.AsNoTracking()
            .Where(n => ids.Contains(n.AssignmentId) && n.Status != NoticeStatus.Replied)
            .Select(n => new { n.AssignmentId, n.DocumentNumber }).ToListAsync(ct);
        if (open.FirstOrDefault() is { } pending)
            throw new DomainException($"{targets.Single(t => t.Id == pending.AssignmentId).UnitName}的该项任务已有未反馈的督办单（{pending.DocumentNumber}），请待其反馈后再督办");

        var facts = await engine.JudgeAsync(db, ids, today, ct);
        var letterheads = await LetterheadsAsync(db, targets.Select(t => (t.RegionId, t.RegionName)).Distinct().ToList(), ct);

        // The counter row and the notices commit together: a failed issue gives its numbers back (no gaps), and the row lock
        // taken by the upsert makes a second issuer in the region wait for this commit (no duplicates). After a dropped
        // connection the whole block runs again on a fresh context, from the counter on.
        var issued = await dbFactory.RetryingAsync(async attempt =>
        {
            await using var tx = await attempt.Database.BeginTransactionAsync(ct);
            var notices = new List<(SupervisionNotice Notice, string PlanKey)>();
            foreach (var t in targets.OrderBy(t => t.RegionId).ThenBy(t => t.Id))
            {
                var missed = facts.TryGetValue(t.Id, out var fact) ? fact.FirstMissedDue : null;
                var days = WarningLights.DaysOverdue(missed, today);
                if (missed is null || days < 1) throw new DomainException($"{t.UnitName}的该项任务未逾期，不能下发督办单");
                var (prefix, office) = letterheads[t.RegionId];
                var number = await NextNumberAsync(attempt, t.RegionId, today.Year, ct);
                var notice = new SupervisionNotice(t.RegionId, today.Year, number, NoticeNumbers.Format(prefix, today.Year, number), t.PlanId,
                    t.TaskId, t.Id, t.UnitId, t.PlanTitle, TaskTitle(t.TaskNumber, t.TaskTitle), t.UnitName, missed.Value, days,
                    input.RequiredBy, input.ReplyBy, input.Requirements, office, today, now, actor.UserId, actor.Name);
                attempt.SupervisionNotices.Add(notice);
                attempt.Entry(notice).Property(DocumentColumn).CurrentValue = NoticeDocument.Write(notice);
                notices.Add((notice, t.PlanKey));
            }
            await attempt.SaveChangesAsync(ct);

            var liaisons = await Recipients.LiaisonsOfUnitsAsync(attempt, targets.Select(t => t.UnitId).Distinct().ToList(), ct);
            foreach (var (n, _) in notices)
            {
                attempt.Audit(actor, now, "notice.issue", nameof(SupervisionNotice), n.Id, n.TaskId,
                    $"下发督办单{n.DocumentNumber}：{n.UnitName}，逾期{n.DaysOverdue}天，限{ChineseDate.Format(n.RequiredBy)}前完成",
                    after: AuditShape(n));
                attempt.Notify(liaisons.GetValueOrDefault(n.UnitId) ?? [], NotificationKinds.NoticeIssued, $"督办单 {n.DocumentNumber}",
                    $"{n.TaskTitle}已逾期{n.DaysOverdue}天，请于{ChineseDate.Format(n.RequiredBy)}前完成，"
                    + $"{ChineseDate.Format(n.ReplyBy)}前书面反馈。", NoticeLink(n.Id),
                    n.TaskId, n.AssignmentId, now);
            }
            await attempt.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return notices.Select(x => ToRow(x.Notice, x.PlanKey)).ToList();
        }, ct);
        logger.LogInformation("{User} 下发督办单 {Numbers}", actor.UserId, string.Join("、", issued.Select(n => n.DocumentNumber)));
        return issued;
    }

    /// <summary>The next number of the region's series for the year: one upsert, its row locked until the caller commits.</summary>
    private static async Task<int> NextNumberAsync(AppDbContext db, int regionId, int year, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""
            INSERT INTO notice_counters (region_id, year, last_number) VALUES ({regionId}, {year}, 1)
            ON CONFLICT (region_id, year) DO UPDATE SET last_number = notice_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(ct)).Single();

    /// <summary>Each region's 文号 prefix and 落款: its own when set, else derived from its name.</summary>
    private static async Task<Dictionary<int, (string Prefix, string Office)>> LetterheadsAsync(AppDbContext db,
        IReadOnlyList<(int RegionId, string RegionName)> regions, CancellationToken ct)
    {
        var ids = regions.Select(r => r.RegionId).ToList();
        var set = await db.RegionNoticeSettings.AsNoTracking().Where(s => ids.Contains(s.RegionId)).ToDictionaryAsync(s => s.RegionId, ct);
        return regions.ToDictionary(r => r.RegionId, r => set.TryGetValue(r.RegionId, out var s)
            ? (s.Prefix, s.IssuingOffice)
            : (NoticeNumbers.DefaultPrefix(r.RegionName), NoticeNumbers.DefaultIssuingOffice(r.RegionName)));
    }

    /// <summary>“（三）推进重点行业超低排放改造” / “12. 推进…”: the task as the plan numbers it.</summary>
    internal static string TaskTitle(string number, string title) =>
        number.Length == 0 ? title : number.StartsWith('（') || number.StartsWith('(') ? number + title : $"{number}. {title}";

    /// <summary>The notices the actor may see, newest first (at most <paramref name="take"/>).</summary>
    public async Task<IReadOnlyList<NoticeRow>> ListAsync(UserContext actor, NoticeStatus? status = null, int? unitId = null, int take = 500,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = Visibility.Notices(db, actor);
        if (status is { } s) notices = notices.Where(n => n.Status == s);
        if (unitId is { } u) notices = notices.Where(n => n.UnitId == u);
        var rows = await (from n in notices
                          join p in db.Plans on n.PlanId equals p.Id
                          orderby n.IssuedAt descending, n.Id descending
                          select new { Notice = n, p.Key }).Take(take).ToListAsync(ct);
        return rows.Select(r => ToRow(r.Notice, r.Key)).ToList();
    }

    /// <summary>One notice with its reply; <see cref="NotFoundException"/> when it does not exist or the actor may not see it.</summary>
    public async Task<NoticeDetail> GetAsync(UserContext actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (from row in db.SupervisionNotices.AsNoTracking().Include(x => x.ReplyFiles)
                           join p in db.Plans on row.PlanId equals p.Id
                           where row.Id == id
                           select new { Notice = row, p.Key }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException(NotFoundMessage);
        var n = found.Notice;
        AccessPolicy.EnsureVisibleNotice(actor, n.RegionId, n.UnitId, NotFoundMessage);
        return new NoticeDetail(ToRow(n, found.Key), n.PlanTitle, n.Requirements, NoticeDocument.ReplyRequirement(n), n.IssuingOffice,
            n.IssuedByName, n.ReplyText, n.RepliedByName,
            n.ReplyFiles.OrderBy(f => f.Id).Select(f => new NoticeFileView(f.Id, f.FileName, f.Size)).ToList(),
            n.Status != NoticeStatus.Replied && AccessPolicy.CanReplyNotice(actor, n.UnitId));
    }

    /// <summary>
    /// Overdue assignments of the regions the actor coordinates, longest overdue first (the status engine's verdicts today):
    /// what “新建督办单” offers.
    /// </summary>
    public async Task<IReadOnlyList<NoticeCandidate>> CandidatesAsync(UserContext actor, string? text = null, int take = 200,
        CancellationToken ct = default)
    {
        if (!actor.IsCoordinator) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filter = new TaskFilter { Overdue = true, Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim() };
        var asOf = await engine.PrepareAsync(db, actor, filter, ct);
        var regions = actor.RegionIds.ToList();
        var rows = await (from f in StatusEngine.FilterFacts(db, actor, filter, asOf)
                          join a in db.Assignments on f.AssignmentId equals a.Id
                          where regions.Contains(a.Task!.Plan!.RegionId)
                          orderby f.FirstMissedDue, a.Task!.Order, a.Id
                          select new
                          {
                              f.AssignmentId, f.TaskId, PlanKey = a.Task!.Plan!.Key, a.Task.Number, a.Task.Title, UnitName = a.Unit!.Name,
                              f.FirstMissedDue,
                              Open = db.SupervisionNotices.Where(n => n.AssignmentId == a.Id && n.Status != NoticeStatus.Replied)
                                  .Select(n => n.DocumentNumber).FirstOrDefault(),
                          }).Take(take).ToListAsync(ct);
        return rows.Select(r => new NoticeCandidate(r.AssignmentId, r.TaskId, r.PlanKey, TaskTitle(r.Number, r.Title), r.UnitName,
            r.FirstMissedDue!.Value, WarningLights.DaysOverdue(r.FirstMissedDue, asOf.Date), r.Open)).ToList();
    }

    /// <summary>The unit's written reply (反馈) with its files: closes the notice, tells the issuer and the region's coordinators.</summary>
    public async Task<NoticeRow> ReplyAsync(UserContext actor, int id, string text, IReadOnlyList<NoticeUpload> uploads,
        CancellationToken ct = default)
    {
        // Cheap refusals before a byte is read.
        await using (var check = await dbFactory.CreateDbContextAsync(ct))
        {
            var target = await check.SupervisionNotices.AsNoTracking().Where(n => n.Id == id)
                .Select(n => new { n.RegionId, n.UnitId, n.Status }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException(NotFoundMessage);
            AccessPolicy.EnsureVisibleNotice(actor, target.RegionId, target.UnitId, NotFoundMessage);
            AccessPolicy.EnsureReplyNotice(actor, target.UnitId);
            if (target.Status == NoticeStatus.Replied) throw new DomainException("该督办单已反馈，不能重复反馈");
            if (string.IsNullOrWhiteSpace(text)) throw new DomainException("请填写反馈内容");
        }

        var staged = new List<(StagedFile File, NoticeReplyFile Row)>();
        try
        {
            foreach (var upload in uploads) staged.Add(await StageAsync(upload, ct));
            // The files are in the store before the row commits (a row never names a missing file); taken back below if it fails.
            foreach (var (file, _) in staged) await file.CommitAsync(ct);

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var notice = await db.SupervisionNotices.Include(n => n.ReplyFiles).SingleAsync(n => n.Id == id, ct);
            var planKey = await db.Plans.Where(p => p.Id == notice.PlanId).Select(p => p.Key).SingleAsync(ct);
            var now = clock.Time.GetUtcNow(); // Npgsql writes timestamptz only as UTC
            notice.Reply(text, staged.Select(s => s.Row), actor.UserId, actor.Name, now);
            db.Audit(actor, now, "notice.reply", nameof(SupervisionNotice), notice.Id, notice.TaskId,
                $"反馈督办单{notice.DocumentNumber}" + (staged.Count > 0 ? $"（附{staged.Count}份材料）" : ""),
                after: new { notice.ReplyText, Files = staged.Select(s => new { s.Row.FileName, s.Row.Size, s.Row.Sha256 }) });
            // The issuer (when still an account) and whoever coordinates the region now.
            var recipients = await Recipients.CoordinatorsOfRegionAsync(db, notice.RegionId, ct);
            recipients.AddRange(await db.Users.Where(u => u.Id == notice.IssuedById && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct));
            db.Notify(recipients, NotificationKinds.NoticeReplied, $"督办单 {notice.DocumentNumber} 已反馈",
                $"{notice.UnitName}已反馈：{notice.ReplyText}", NoticeLink(notice.Id),
                notice.TaskId, notice.AssignmentId, now);
            // One save: the reply, its files, the audit row and the messages commit together; a reply saved meanwhile is a conflict.
            await db.SaveOrConflictAsync(ct);
            return ToRow(notice, planKey);
        }
        catch
        {
            await TakeBackAsync(staged.Select(s => s.File), CancellationToken.None);
            throw;
        }
        finally
        {
            foreach (var (file, _) in staged) await file.DisposeAsync();
        }
    }

    /// <summary>The evidence checks, unchanged: size limit, content sniffing (not the name), sanitised names.</summary>
    private async Task<(StagedFile, NoticeReplyFile)> StageAsync(NoticeUpload upload, CancellationToken ct)
    {
        var max = evidenceOptions.Value.MaxBytes;
        var safeName = FileNameSanitizer.Sanitize(upload.FileName);
        if (upload.Size == 0) throw new DomainException($"「{safeName}」是空文件");
        if (upload.Size > max) throw new DomainException($"「{safeName}」过大：最大允许 {EvidenceFormat.Size(max)}");
        var staged = await store.StageAsync(upload.Content, max, null, ct);
        try
        {
            if (staged.TooLarge) throw new DomainException($"「{safeName}」过大：最大允许 {EvidenceFormat.Size(max)}");
            if (staged.Length == 0) throw new DomainException($"「{safeName}」是空文件");
            FileKind? kind;
            await using (var read = staged.OpenRead()) kind = FileTypeSniffer.Detect(read, safeName);
            if (kind is null) throw new DomainException($"「{safeName}」：{FileTypeSniffer.UnsupportedMessage}");
            return (staged, new NoticeReplyFile(FileNameSanitizer.WithExtension(safeName, kind), kind.ContentType, staged.Length, staged.Sha256));
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
    }

    /// <summary>A failed reply takes back the files it placed, unless some row (evidence or reply) names the same bytes.</summary>
    private async Task TakeBackAsync(IEnumerable<StagedFile> files, CancellationToken ct)
    {
        foreach (var file in files.Where(f => f.PlacedNewFile))
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                if (await db.Evidence.AnyAsync(e => e.Sha256 == file.Sha256, ct) || await db.NoticeReplyFiles.AnyAsync(f => f.Sha256 == file.Sha256, ct)) continue;
                store.TryDelete(file.Sha256);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "反馈失败后未能删除文件 {Sha256}，将由定期清理删除", file.Sha256);
            }
        }
    }

    /// <summary>The document as issued (the stored bytes, not a new rendering).</summary>
    public async Task<NoticeFile> OpenDocumentAsync(UserContext actor, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.SupervisionNotices.AsNoTracking().Where(n => n.Id == id)
            .Select(n => new { n.RegionId, n.UnitId, n.DocumentNumber, n.UnitName, Bytes = EF.Property<byte[]>(n, DocumentColumn) })
            .SingleOrDefaultAsync(ct) ?? throw new NotFoundException(NotFoundMessage);
        AccessPolicy.EnsureVisibleNotice(actor, found.RegionId, found.UnitId, NotFoundMessage);
        return new NoticeFile(new MemoryStream(found.Bytes, writable: false), $"督办通知单{found.DocumentNumber}（{found.UnitName}）.docx", FileKind.Docx.ContentType);
    }

    /// <summary>A reply's file, to those who may read the notice; null when its bytes are missing from the store.</summary>
    public async Task<NoticeFile?> OpenReplyFileAsync(UserContext actor, int fileId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await (from f in db.NoticeReplyFiles.AsNoTracking()
                           join n in db.SupervisionNotices on f.NoticeId equals n.Id
                           where f.Id == fileId
                           select new { f.FileName, f.ContentType, f.Sha256, n.RegionId, n.UnitId }).SingleOrDefaultAsync(ct)
                    ?? throw new NotFoundException(FileNotFoundMessage);
        AccessPolicy.EnsureVisibleNotice(actor, found.RegionId, found.UnitId, FileNotFoundMessage);
        var sha = found.Sha256.Trim();
        if (!store.Exists(sha))
        {
            logger.LogError("督办单反馈材料 {FileId} 的文件 {Sha256} 不在文件库中", fileId, sha);
            return null;
        }
        return new NoticeFile(store.OpenRead(sha), found.FileName, found.ContentType);
    }

    /// <summary>
    /// Marks every notice still awaiting its reply after its reply date 逾期未反馈 and tells the region's coordinators, once per
    /// notice (a marked notice is no longer awaiting reply). For the daily chasing job; returns how many were marked.
    /// </summary>
    public async Task<int> EscalateUnansweredAsync(DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.SupervisionNotices.Where(n => n.Status == NoticeStatus.AwaitingReply && n.ReplyBy < today)
            .OrderBy(n => n.Id).ToListAsync(ct);
        if (due.Count == 0) return 0;
        var now = clock.Time.GetUtcNow(); // Npgsql writes timestamptz only as UTC
        var coordinators = new Dictionary<int, List<string>>();
        foreach (var notice in due)
        {
            if (!notice.MarkReplyOverdue(today, now)) continue;
            if (!coordinators.TryGetValue(notice.RegionId, out var to))
                coordinators[notice.RegionId] = to = await Recipients.CoordinatorsOfRegionAsync(db, notice.RegionId, ct);
            db.Audit(UserContext.Anonymous, now, "notice.reply-overdue", nameof(SupervisionNotice), notice.Id, notice.TaskId,
                $"督办单{notice.DocumentNumber}逾期未反馈（反馈期限{ChineseDate.Format(notice.ReplyBy)}）");
            db.Notify(to, NotificationKinds.NoticeOverdue, $"督办单 {notice.DocumentNumber} 逾期未反馈",
                $"{notice.UnitName}未在{ChineseDate.Format(notice.ReplyBy)}前反馈督办单（{notice.TaskTitle}）。",
                NoticeLink(notice.Id), notice.TaskId, notice.AssignmentId, now);
        }
        // xmin guards each row: a reply saved since the read makes this round fail as a whole, and the next round sees it.
        await db.SaveOrConflictAsync(ct);
        return due.Count(n => n.EscalatedAt == now);
    }

    /// <summary>Name of the shadow column holding the issued .docx.</summary>
    internal const string DocumentColumn = "Document";

    private static NoticeRow ToRow(SupervisionNotice n, string planKey) =>
        new(n.Id, n.DocumentNumber, n.RegionId, planKey, n.TaskId, n.AssignmentId, n.UnitId, n.TaskTitle, n.UnitName, n.OriginalDeadline,
            n.DaysOverdue, n.RequiredBy, n.ReplyBy, n.IssuedOn, n.Status, n.RepliedAt);

    private static object AuditShape(SupervisionNotice n) => new
    {
        n.DocumentNumber, n.AssignmentId, n.UnitName, n.OriginalDeadline, n.DaysOverdue, n.RequiredBy, n.ReplyBy, n.Requirements, n.IssuingOffice,
    };

    /// <summary>A message about a 督办单 opens the notice itself, where it is read, downloaded and answered.</summary>
    public static string NoticeLink(int noticeId) => $"/chasing/notices/{noticeId}";
}
