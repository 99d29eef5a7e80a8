using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace AirPlan.Web.Seeding;

/// <summary>One assignment whose history is to be made up: its task's deadlines, and the earliest day work may start.</summary>
public sealed record HistorySubject(int Id, int TaskId, int UnitId, string Role, string TaskTitle, bool Continuous,
    IReadOnlyList<HistoryMilestone> Milestones, DateTime Earliest, int Stream);

public sealed record HistoryMilestone(int Id, DateOnly DueOn);

/// <param name="InsertAssignments">True when the assignments are new rows (<c>airplan generate</c>); false when they exist and
/// only take the drawn status (the demo seeds).</param>
/// <param name="Files">
/// Real stored files by kind (see <see cref="DemoEvidenceFiles"/>): evidence rows of that kind point at them, so the demo's
/// files download. Without it (bench scale) rows carry made-up hashes and sizes, as nothing reads the files there.
/// </param>
public sealed record HistoryOptions(int ReportsPerAssignment, int EvidencePerAssignment, bool InsertAssignments,
    IReadOnlyDictionary<string, StoredSample>? Files = null);

/// <summary>
/// A believable made-up history of work — status changes, 退回 and 核验, time-node checkpoints, progress reports and evidence
/// metadata — up to <see cref="End"/>. The one generator behind both <c>airplan generate</c> (province-scale benchmarks) and
/// the Development demo (<see cref="DemoHistory"/>); deterministic for the random streams it is given. Rows go in with binary
/// COPY, ids allocated here from the tables' current maxima.
/// </summary>
public sealed class WorkHistory(Action<string> progress)
{
    /// <summary>The fixed "present" of the made-up history; no row is dated after it.</summary>
    public static readonly DateTime End = new(2025, 12, 31, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows written per table.</summary>
    public Dictionary<string, long> Rows { get; } = new();

    private sealed class Ids
    {
        public int Checkpoint, Report, Evidence, Review;
        public long StatusChange;

        public static async Task<Ids> ReadAsync(NpgsqlConnection conn, CancellationToken ct)
        {
            async Task<long> Max(string table)
            {
                await using var cmd = new NpgsqlCommand($"select coalesce(max(id), 0)::bigint from {table}", conn);
                return (long)(await cmd.ExecuteScalarAsync(ct))!;
            }
            return new Ids
            {
                Checkpoint = (int)await Max("checkpoints"), Report = (int)await Max("progress_reports"), Evidence = (int)await Max("evidence"),
                Review = (int)await Max("reviews"), StatusChange = await Max("status_changes"),
            };
        }
    }

    private sealed record Change(string Status, DateTime At);

    private static readonly string[] ProgressPhrases =
    [
        "已召开专题部署会，明确责任分工和时间节点", "开展专项检查{0}次，发现问题{1}个，已整改{2}个", "已完成阶段性目标，正在开展自查评估",
        "建立工作台账，实行清单化管理，按周调度", "联合执法检查{0}次，立案查处{1}起", "完成排查摸底，涉及点位{0}处",
        "已落实资金{0}万元，工程完成约{1}%", "组织培训{0}场，覆盖{1}人次",
    ];
    private static readonly string[] ProblemPhrases = ["部分点位整改进度偏慢", "资金到位不及时", "监管人员不足", "个别企业配合度不高"];
    private static readonly string[] NextPhrases = ["持续开展巡查，巩固整改成效", "加快推进剩余点位整改", "按时间节点完成验收", "加强调度，确保按期完成"];
    internal static readonly string[] FileKinds = ["工作台账.xlsx", "检查记录.pdf", "现场照片.jpg", "整改报告.docx", "会议纪要.pdf"];

    /// <summary>
    /// Draws and writes the history of <paramref name="subjects"/>. Everything an assignment's history needs is drawn in one
    /// pass with its stream's random numbers (<see cref="HistorySubject.Stream"/> indexes <paramref name="streams"/>), then
    /// written table by table in foreign-key order, in the caller's transaction.
    /// </summary>
    public async Task WriteAsync(NpgsqlConnection conn, IReadOnlyList<HistorySubject> subjects, Random[] streams, HistoryOptions o,
        Stopwatch clock, CancellationToken ct)
    {
        var ids = await Ids.ReadAsync(conn, ct);
        var rngs = streams;
        var histories = new List<(HistorySubject A, string Status, List<Change> Changes, DateTime Start)>(subjects.Count);
        foreach (var a in subjects)
        {
            var rng = rngs[a.Stream];
            var p = rng.NextDouble();
            var status = a.Continuous
                ? p < 0.10 ? "NotStarted" : p < 0.40 ? "InProgress" : "Continuous"
                : p < 0.08 ? "NotStarted" : p < 0.48 ? "InProgress" : p < 0.60 ? "Submitted" : "Completed";
            var start = a.Earliest.AddDays(rng.Next(3, 420)).AddMinutes(rng.Next(8 * 60, 18 * 60) - 8 * 60);
            if (start > End.AddDays(-45)) start = End.AddDays(-45 - rng.Next(0, 60));
            var changes = new List<Change>();
            if (status != "NotStarted")
            {
                changes.Add(new Change("InProgress", start));
                var t = start;
                DateTime Next(int minDays, int maxDays)
                {
                    var remaining = (End - t).TotalDays;
                    var days = Math.Min(rng.Next(minDays, maxDays), Math.Max(1, remaining * 0.5));
                    t = t.AddDays(days);
                    return t;
                }
                if (status is "Submitted" or "Completed")
                {
                    if (rng.NextDouble() < 0.15)
                    {
                        changes.Add(new Change("Submitted", Next(30, 300)));
                        changes.Add(new Change("InProgress", Next(2, 20)));
                    }
                    changes.Add(new Change("Submitted", Next(20, 300)));
                    if (status == "Completed") changes.Add(new Change("Completed", Next(2, 25)));
                }
                else if (status == "Continuous") changes.Add(new Change("Continuous", Next(30, 200)));
            }
            histories.Add((a, status, changes, start));
        }

        if (o.InsertAssignments)
        {
            await CopyAsync(conn, "assignments (id, task_id, unit_id, role, status, status_changed_at, submitted_at, completed_at, created_at, updated_at, send_back_reason)",
                histories, async (x, h) =>
                {
                    var last = h.Changes.LastOrDefault();
                    var submitted = h.Status is "Submitted" or "Completed" ? h.Changes.Last(c => c.Status == "Submitted").At : (DateTime?)null;
                    var completed = h.Status == "Completed" ? last!.At : (DateTime?)null;
                    string? sentBack = null;
                    await x.WriteAsync(h.A.Id, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(h.A.TaskId, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(h.A.UnitId, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(h.A.Role, NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync(h.Status, NpgsqlDbType.Varchar, ct);
                    if (last is not null) await x.WriteAsync(last.At, NpgsqlDbType.TimestampTz, ct); else await x.WriteNullAsync(ct);
                    if (submitted is { } s) await x.WriteAsync(s, NpgsqlDbType.TimestampTz, ct); else await x.WriteNullAsync(ct);
                    if (completed is { } c) await x.WriteAsync(c, NpgsqlDbType.TimestampTz, ct); else await x.WriteNullAsync(ct);
                    await x.WriteAsync(h.A.Earliest, NpgsqlDbType.TimestampTz, ct);
                    await x.WriteAsync(last?.At ?? h.A.Earliest, NpgsqlDbType.TimestampTz, ct);
                    if (sentBack is null) await x.WriteNullAsync(ct); else await x.WriteAsync(sentBack, NpgsqlDbType.Text, ct);
                }, ct);
        }
        else await UpdateAssignmentsAsync(conn, histories.Select(h => (h.A.Id, h.Status, h.Changes)).ToList(), ct);
        progress($"责任分工 {histories.Count}（{clock.Elapsed.TotalSeconds:F0}s）");

        await CopyAsync(conn, "status_changes (id, assignment_id, status, changed_at)",
            histories.SelectMany(h => h.Changes.Select(c => (h.A.Id, c))), async (x, r) =>
            {
                await x.WriteAsync(++ids.StatusChange, NpgsqlDbType.Bigint, ct);
                await x.WriteAsync(r.Id, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(r.c.Status, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(r.c.At, NpgsqlDbType.TimestampTz, ct);
            }, ct);

        // 核验: every InProgress that follows a Submitted is a send-back, every Completed an acceptance.
        var reviews = histories.SelectMany(h => h.Changes.Select((c, i) => (h.A.Id, c, Prev: i > 0 ? h.Changes[i - 1].Status : null))
            .Where(r => r.Prev == "Submitted")).ToList();
        await CopyAsync(conn, "reviews (id, assignment_id, outcome, reason, reviewer_id, reviewer_name, reviewed_at)", reviews, async (x, r) =>
        {
            await x.WriteAsync(++ids.Review, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(r.Id, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(r.c.Status == "Completed" ? "Accepted" : "SentBack", NpgsqlDbType.Varchar, ct);
            if (r.c.Status == "Completed") await x.WriteNullAsync(ct); else await x.WriteAsync("佐证材料不完整，请补充现场照片", NpgsqlDbType.Varchar, ct);
            await x.WriteAsync("synthetic-coordinator", NpgsqlDbType.Varchar, ct);
            await x.WriteAsync("攻坚办督办员", NpgsqlDbType.Varchar, ct);
            await x.WriteAsync(r.c.At, NpgsqlDbType.TimestampTz, ct);
        }, ct);

        // 时间节点: milestones passed by the end of the history are reported done by most started work, all by finished work.
        var historyEndDate = DateOnly.FromDateTime(End);
        var checkpoints = new List<(int A, int M, DateOnly Done, DateTime At)>();
        foreach (var h in histories)
        {
            if (h.Status == "NotStarted") continue;
            var rng = rngs[h.A.Stream];
            var startDate = DateOnly.FromDateTime(h.Start);
            foreach (var m in h.A.Milestones)
            {
                if (m.DueOn > historyEndDate.AddDays(20)) continue;
                var done = h.Status == "Completed" || rng.NextDouble() < (h.Status == "Submitted" ? 0.9 : 0.6);
                if (!done) continue;
                var doneOn = m.DueOn.AddDays(rng.Next(-25, 20));
                if (doneOn < startDate) doneOn = startDate;
                if (doneOn > historyEndDate) doneOn = historyEndDate;
                checkpoints.Add((h.A.Id, m.Id, doneOn, doneOn.ToDateTime(new TimeOnly(rng.Next(1, 10), rng.Next(60)), DateTimeKind.Utc)));
            }
        }
        await CopyAsync(conn, "checkpoints (id, assignment_id, milestone_id, done_on, note, recorded_at)", checkpoints, async (x, c) =>
        {
            await x.WriteAsync(++ids.Checkpoint, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(c.A, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(c.M, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(c.Done, NpgsqlDbType.Date, ct);
            await x.WriteNullAsync(ct);
            await x.WriteAsync(c.At, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        progress($"状态变更 {Rows["status_changes"]}，核验 {Rows["reviews"]}，时间节点 {Rows["checkpoints"]}（{clock.Elapsed.TotalSeconds:F0}s）");

        // 进展报送 and 佐证材料, streamed: ~1M and ~200k rows at full scale. Report ids are allocated here so evidence can point at them.
        var reportsOf = new Dictionary<int, (int First, int Count, DateTime[] Times)>(histories.Count);
        var reportBase = ids.Report;
        var written = 0L;
        await using (var x = await conn.BeginBinaryImportAsync(
                         "copy progress_reports (id, assignment_id, period, progress, problems, next_steps, percent_complete, author_id, author_name, reported_at) from stdin (format binary)", ct))
        {
            foreach (var h in histories)
            {
                if (h.Status == "NotStarted") continue;
                var rng = rngs[h.A.Stream];
                var count = Math.Max(1, (int)Math.Round(o.ReportsPerAssignment * (0.5 + rng.NextDouble()) / 0.92));
                if (o.ReportsPerAssignment == 0) count = 0;
                var end = h.Status == "Completed" ? h.Changes[^1].At : End;
                var span = Math.Max(1.0, (end - h.Start).TotalMinutes);
                var times = new DateTime[count];
                for (var i = 0; i < count; i++) times[i] = i == 0 ? h.Start : h.Start.AddMinutes(Math.Floor(rng.NextDouble() * span));
                Array.Sort(times);
                reportsOf[h.A.Id] = (ids.Report + 1, count, times);
                var author = $"unit-{h.A.UnitId}";
                for (var i = 0; i < count; i++)
                {
                    var at = times[i];
                    var local = at.AddHours(8);
                    var phrase = ProgressPhrases[rng.Next(ProgressPhrases.Length)];
                    var percent = h.Status == "Completed" && i == count - 1 ? 100 : Math.Min(95, 10 + 85 * (i + 1) / count);
                    await x.StartRowAsync(ct);
                    await x.WriteAsync(++ids.Report, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(h.A.Id, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync($"{local.Year}Q{(local.Month + 2) / 3}", NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync($"{Cut(h.A.TaskTitle, 40)}：" + string.Format(phrase, rng.Next(1, 30), rng.Next(1, 60), rng.Next(1, 40)), NpgsqlDbType.Varchar, ct);
                    if (rng.NextDouble() < 0.3) await x.WriteAsync(ProblemPhrases[rng.Next(ProblemPhrases.Length)], NpgsqlDbType.Varchar, ct); else await x.WriteNullAsync(ct);
                    await x.WriteAsync(NextPhrases[rng.Next(NextPhrases.Length)], NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync(percent, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(author, NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync("联络员", NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
                    if (++written % 200_000 == 0) progress($"  进展报送 {written}…（{clock.Elapsed.TotalSeconds:F0}s）");
                }
            }
            await x.CompleteAsync(ct);
        }
        Rows["progress_reports"] = ids.Report - reportBase;
        progress($"进展报送 {Rows["progress_reports"]}（{clock.Elapsed.TotalSeconds:F0}s）");

        var evidenceBase = ids.Evidence;
        var hash = new byte[32];
        await using (var x = await conn.BeginBinaryImportAsync(
                         "copy evidence (id, assignment_id, report_id, file_name, content_type, size, sha256, uploaded_by_id, uploaded_by_name, uploaded_at, removed_at, removed_by_name) from stdin (format binary)", ct))
        {
            foreach (var h in histories)
            {
                if (h.Status == "NotStarted" || !reportsOf.TryGetValue(h.A.Id, out var reports) || reports.Count == 0) continue;
                var rng = rngs[h.A.Stream];
                var count = rng.Next(0, 2 * o.EvidencePerAssignment + 1);
                if (h.Status is "Submitted" or "Completed") count = Math.Max(1, count);
                // Scale up a little so the mean over all assignments (not-started ones have none) stays near the option.
                if (count > 0 && rng.NextDouble() < 0.08) count++;
                var kindsGiven = new HashSet<string>();
                for (var i = 0; i < count; i++)
                {
                    var r = rng.Next(reports.Count);
                    var at = reports.Times[r].AddMinutes(rng.Next(1, 120));
                    var kind = FileKinds[rng.Next(FileKinds.Length)];
                    rng.NextBytes(hash);
                    var removed = rng.NextDouble() < 0.03;
                    var size = (long)rng.Next(20_000, 8_000_000);
                    var sha = BulkCopy.Hex(hash);
                    if (o.Files?.TryGetValue(kind, out var sample) == true)
                    {
                        // The same real file twice on one assignment would read as a duplicate upload.
                        if (!kindsGiven.Add(kind)) continue;
                        (sha, size) = (sample.Sha256, sample.Size);
                    }
                    await x.StartRowAsync(ct);
                    await x.WriteAsync(++ids.Evidence, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(h.A.Id, NpgsqlDbType.Integer, ct);
                    await x.WriteAsync(reports.First + r, NpgsqlDbType.Integer, ct);
                    var local = at.AddHours(8);
                    await x.WriteAsync($"{local:yyyyMMdd}{kind}", NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync(ContentType(kind), NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync(size, NpgsqlDbType.Bigint, ct);
                    await x.WriteAsync(sha, NpgsqlDbType.Char, ct);
                    await x.WriteAsync($"unit-{h.A.UnitId}", NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync("联络员", NpgsqlDbType.Varchar, ct);
                    await x.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
                    if (removed)
                    {
                        await x.WriteAsync(at.AddDays(1), NpgsqlDbType.TimestampTz, ct);
                        await x.WriteAsync("联络员", NpgsqlDbType.Varchar, ct);
                    }
                    else
                    {
                        await x.WriteNullAsync(ct);
                        await x.WriteNullAsync(ct);
                    }
                }
            }
            await x.CompleteAsync(ct);
        }
        Rows["evidence"] = ids.Evidence - evidenceBase;
        progress($"佐证材料 {Rows["evidence"]}（{clock.Elapsed.TotalSeconds:F0}s）");
        foreach (var table in new[] { "checkpoints", "progress_reports", "evidence", "reviews", "status_changes" })
            await BulkCopy.ExecAsync(conn, $"select setval(pg_get_serial_sequence('{table}', 'id'), greatest((select max(id) from {table}), 1))", ct);
    }

    /// <summary>Assignments that already exist (the demo's imported seeds) take the drawn status in one statement.</summary>
    private static async Task UpdateAssignmentsAsync(NpgsqlConnection conn, List<(int Id, string Status, List<Change> Changes)> rows,
        CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            UPDATE assignments a SET status = v.status, status_changed_at = v.changed, submitted_at = v.submitted, completed_at = v.completed,
                   updated_at = coalesce(v.changed, a.updated_at)
            FROM unnest(@ids, @statuses, @changed, @submitted, @completed) AS v(id, status, changed, submitted, completed)
            WHERE a.id = v.id
            """, conn);
        cmd.CommandTimeout = 600;
        cmd.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        cmd.Parameters.AddWithValue("statuses", rows.Select(r => r.Status).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("changed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => (DateTime?)r.Changes.LastOrDefault()?.At).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("submitted", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = rows.Select(r => r.Status is "Submitted" or "Completed" ? r.Changes.Last(c => c.Status == "Submitted").At : (DateTime?)null).ToArray(),
        });
        cmd.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = rows.Select(r => r.Status == "Completed" ? r.Changes[^1].At : (DateTime?)null).ToArray(),
        });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string ContentType(string kind) => Path.GetExtension(kind) switch
    {
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".jpg" => "image/jpeg",
        _ => "application/pdf",
    };

    private async Task CopyAsync<T>(NpgsqlConnection conn, string target, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct) =>
        Rows[BulkCopy.TableOf(target)] = await BulkCopy.CopyAsync(conn, target, rows, write, ct);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
