using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using AirPlan.Core.Parsing;
using AirPlan.Web.Seeding;
using Npgsql;
using NpgsqlTypes;

namespace AirPlan.Cli.Generation;

/// <summary>Options of <c>airplan generate</c>; defaults give province scale (~100k assignments, ~1M reports).</summary>
public sealed record GenerationOptions
{
    public int Seed { get; init; } = 42;
    public int Counties { get; init; } = 150;
    public int TasksPerPlan { get; init; } = 40;
    public int TownshipsPerCounty { get; init; } = 15;
    public int ReportsPerAssignment { get; init; } = 10;
    public int EvidencePerAssignment { get; init; } = 2;
}

public sealed record GenerationResult(IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed);

/// <summary>
/// Synthetic province-scale data for performance work: one plan per real county of the regions table, tasks and
/// departments taken from the parsed seed plans, townships from the division list, and a 2024–2025 history of
/// reports, status changes, checkpoints, reviews and evidence metadata. Deterministic for a seed and a database state:
/// ids are allocated here and every county draws from its own seeded random stream. Bulk rows go in with binary COPY.
/// </summary>
public sealed class SyntheticDataGenerator(string connectionString, string seedsDirectory, Action<string> progress)
{
    /// <summary>Henan (41): the seed plans' province, whose 181 counties the synthetic plans are written for.</summary>
    public const string ProvincePrefix = "41";

    /// <summary>The fixed "present" of the generated history; no row is dated after it.</summary>
    public static readonly DateTime HistoryEnd = WorkHistory.End;
    private static readonly DateTime HistoryStart = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public const string KeyPrefix = "gen-";

    private sealed record TaskTemplate(string Section, string Title, string Text, IReadOnlyList<string> Lead,
        IReadOnlyList<string> Supporting, bool Townships, string? Recurrence, bool IsContinuous, int Line);

    private sealed record County(int Id, string Code, string Name, List<(int Id, string Name)> Townships);

    private sealed class Ids
    {
        public int Plan, Chapter, Task, Milestone, Unit, Assignment, Checkpoint, Report, Evidence, Review;
        public long StatusChange;
    }

    private readonly Dictionary<string, long> _rows = new();

    public async Task<GenerationResult> RunAsync(GenerationOptions options, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var (templates, chapters, departments) = LoadTemplates();
        progress($"模板：任务 {templates.Count} 项，部门 {departments.Count} 个（来自 seeds/*.txt）");

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        if (await ScalarAsync<long>(conn, $"select count(*) from plans where key like '{KeyPrefix}%'", ct) > 0)
            throw new InvalidOperationException("数据库中已有合成数据（gen-* 方案）；请使用新的空数据库");

        var counties = await CountiesAsync(conn, options, ct);
        if (counties.Count == 0) throw new InvalidOperationException("区划表中没有可用的县（区）；请先初始化数据库（载入 china-divisions.csv.gz）");
        progress($"县（区）{counties.Count} 个，每县乡镇（街道）最多 {options.TownshipsPerCounty} 个");

        var ids = new Ids();
        foreach (var (table, setter) in new (string, Action<long>)[]
                 {
                     ("plans", v => ids.Plan = (int)v), ("chapters", v => ids.Chapter = (int)v), ("tasks", v => ids.Task = (int)v),
                     ("milestones", v => ids.Milestone = (int)v), ("units", v => ids.Unit = (int)v), ("assignments", v => ids.Assignment = (int)v),
                     ("checkpoints", v => ids.Checkpoint = (int)v), ("progress_reports", v => ids.Report = (int)v),
                     ("evidence", v => ids.Evidence = (int)v), ("reviews", v => ids.Review = (int)v), ("status_changes", v => ids.StatusChange = v),
                 })
            setter(await ScalarAsync<long>(conn, $"select coalesce(max(id), 0)::bigint from {table}", ct));

        await using var tx = await conn.BeginTransactionAsync(ct);
        // Structure first (small), then the big tables, in foreign-key order, one COPY stream each.
        var world = BuildWorld(options, counties, templates, chapters, departments, ids);
        await CopyStructureAsync(conn, world, ct);
        progress($"结构：方案 {world.Plans.Count}，任务 {world.Tasks.Count}，单位 {world.Units.Count}，责任分工 {world.Assignments.Count}（{clock.Elapsed.TotalSeconds:F0}s）");
        // The history is drawn by the same code that gives the demo seeds theirs (Seeding/WorkHistory), per county stream.
        var history = new WorkHistory(progress);
        await history.WriteAsync(conn, world.Assignments.Select(a => new HistorySubject(a.Id, a.Task.Id, a.UnitId, a.Role, a.Task.T.Title,
                a.Task.Continuous, a.Task.Milestones.Select(m => new HistoryMilestone(m.Id, m.DueOn)).ToList(), a.PlanIssued, a.CountyIndex)).ToList(),
            world.Counties.Select((_, i) => CountyRandom(options.Seed, i, 2)).ToArray(),
            new HistoryOptions(options.ReportsPerAssignment, options.EvidencePerAssignment, InsertAssignments: true), clock, ct);
        foreach (var (table, count) in history.Rows) _rows[table] = count;

        progress("更新序列与统计信息…");
        foreach (var table in new[] { "plans", "chapters", "tasks", "milestones", "units", "assignments", "checkpoints", "progress_reports", "evidence", "reviews", "status_changes" })
            await BulkCopy.ExecAsync(conn, $"select setval(pg_get_serial_sequence('{table}', 'id'), greatest((select max(id) from {table}), 1))", ct);
        await tx.CommitAsync(ct);
        foreach (var table in new[] { "plans", "chapters", "tasks", "milestones", "units", "assignments", "checkpoints", "progress_reports", "evidence", "reviews", "status_changes" })
            await BulkCopy.ExecAsync(conn, $"analyze {table}", ct);
        progress($"完成，用时 {clock.Elapsed.TotalSeconds:F0}s");
        return new GenerationResult(_rows, clock.Elapsed);
    }

    // ---------- templates from the seed plans ----------

    private (List<TaskTemplate> Tasks, List<ParsedChapter> Chapters, List<string> Departments) LoadTemplates()
    {
        var tasks = new List<TaskTemplate>();
        var chapters = new List<ParsedChapter>();
        var departments = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(seedsDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            var parsed = PlanParser.Parse(File.ReadAllText(file));
            if (chapters.Count == 0) chapters.AddRange(parsed.Chapters.Where(c => c.HasTasks));
            foreach (var t in parsed.Tasks)
            {
                var lead = t.Lead.Select(Generic).ToList();
                var supporting = t.Supporting.Select(Generic).ToList();
                foreach (var name in lead.Concat(supporting)) departments.Add(name);
                tasks.Add(new TaskTemplate(Cut(t.Section, 300), Cut(t.Title, 500), t.Text, lead, supporting,
                    t.Townships.Kind != TownshipScopeKind.None, t.Recurrence is null ? null : Cut(t.Recurrence, 50), t.IsContinuous, t.Line));
            }
        }
        if (tasks.Count == 0) throw new InvalidOperationException($"{seedsDirectory} 中没有可解析的方案文本（*.txt）");
        if (chapters.Count == 0) chapters.Add(new ParsedChapter("一", "重点任务", 1, true));
        return (tasks, chapters, departments.Where(d => d.Length is > 1 and <= 60).ToList());
    }

    /// <summary>县发展改革委 / 区发展改革委 / 市发展改革委 → "*发展改革委"; the county's own prefix goes back on per county.</summary>
    private static string Generic(string name) => name.Length > 1 && name[0] is '县' or '区' or '市' ? "*" + name[1..] : name;

    private static string Localize(string generic, County county) =>
        generic.StartsWith('*') ? county.Name[^1] + generic[1..] : generic;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    private static async Task<List<County>> CountiesAsync(NpgsqlConnection conn, GenerationOptions options, CancellationToken ct)
    {
        // Real Henan counties in code order, skipping any that already hold plans or units (the seed plans' counties).
        var counties = new List<County>();
        await using (var cmd = new NpgsqlCommand("""
            select r.id, r.code, r.name from regions r
            where r.level = 'County' and r.code like @province
              and not exists (select 1 from units u where u.region_id = r.id)
              and not exists (select 1 from plans p where p.region_id = r.id)
              and exists (select 1 from regions t where t.parent_id = r.id and t.level in ('Township', 'Subdistrict'))
            order by r.code limit @n
            """, conn))
        {
            cmd.Parameters.AddWithValue("n", options.Counties);
            cmd.Parameters.AddWithValue("province", ProvincePrefix + "%");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) counties.Add(new County(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), []));
        }
        foreach (var county in counties)
        {
            await using var cmd = new NpgsqlCommand(
                "select id, name from regions where parent_id = @p and level in ('Township', 'Subdistrict') order by code limit @n", conn);
            cmd.Parameters.AddWithValue("p", county.Id);
            cmd.Parameters.AddWithValue("n", options.TownshipsPerCounty);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) county.Townships.Add((reader.GetInt32(0), reader.GetString(1)));
        }
        return counties;
    }

    // ---------- the structure: plans, chapters, units, tasks, milestones, assignments ----------

    private sealed record PlanRow(int Id, int RegionId, string Key, string Title, string RegionName, DateOnly IssuedOn, string SourceText, DateTime CreatedAt);
    private sealed record ChapterRow(int Id, int PlanId, string Number, string Title, int Order);
    private sealed record UnitRow(int Id, int RegionId, string Name, bool Township, int? TownshipRegionId, DateTime CreatedAt);
    private sealed record TaskRow(int Id, int PlanId, int ChapterId, string Number, string Path, int Order, TaskTemplate T,
        string[] Lead, string[] Supporting, bool Continuous, DateTime CreatedAt, List<MilestoneRow> Milestones);
    private sealed record MilestoneRow(int Id, int TaskId, DateOnly DueOn, string Text, int Order);
    private sealed record AssignmentRow(int Id, TaskRow Task, int UnitId, string Role, int CountyIndex, DateTime PlanIssued);

    private sealed class World
    {
        public List<PlanRow> Plans { get; } = [];
        public List<ChapterRow> Chapters { get; } = [];
        public List<UnitRow> Units { get; } = [];
        public List<TaskRow> Tasks { get; } = [];
        public List<AssignmentRow> Assignments { get; } = [];
        public List<County> Counties { get; } = [];
    }

    private static World BuildWorld(GenerationOptions o, List<County> counties, List<TaskTemplate> templates,
        List<ParsedChapter> chapters, List<string> departments, Ids ids)
    {
        var world = new World();
        world.Counties.AddRange(counties);
        for (var ci = 0; ci < counties.Count; ci++)
        {
            var county = counties[ci];
            var rng = CountyRandom(o.Seed, ci, 1);
            var issued = new DateOnly(2024, 1, 10).AddDays(rng.Next(0, 80));
            var created = issued.ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
            var plan = new PlanRow(++ids.Plan, county.Id, $"{KeyPrefix}{county.Code}-2024", $"{county.Name}2024年大气污染防治攻坚实施方案（合成数据）",
                county.Name, issued, $"合成数据：种子 {o.Seed}，{county.Name}，{o.TasksPerPlan} 项任务。", created);
            world.Plans.Add(plan);

            var planChapters = chapters.Select((c, i) => new ChapterRow(++ids.Chapter, plan.Id, Cut(c.Number, 16), Cut(c.Title, 300), i + 1)).ToList();
            world.Chapters.AddRange(planChapters);

            var unitByName = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in departments)
            {
                var name = Cut(Localize(d, county), 100);
                if (unitByName.ContainsKey(name)) continue;
                var unit = new UnitRow(++ids.Unit, county.Id, name, false, null, created);
                unitByName[name] = unit.Id;
                world.Units.Add(unit);
            }
            var deptIds = unitByName.Values.ToList();
            var townshipUnits = new List<int>();
            foreach (var (tid, tname) in county.Townships)
            {
                if (unitByName.ContainsKey(tname)) continue;
                var unit = new UnitRow(++ids.Unit, county.Id, tname, true, tid, created);
                unitByName[tname] = unit.Id;
                townshipUnits.Add(unit.Id);
                world.Units.Add(unit);
            }

            for (var i = 1; i <= o.TasksPerPlan; i++)
            {
                var t = templates[rng.Next(templates.Count)];
                var chapter = planChapters[(i - 1) * planChapters.Count / o.TasksPerPlan];
                var continuous = t.IsContinuous || rng.NextDouble() < 0.08;
                var lead = t.Lead.Select(n => Cut(Localize(n, county), 100)).Distinct().ToArray();
                var supporting = t.Supporting.Select(n => Cut(Localize(n, county), 100)).Where(n => !lead.Contains(n)).Distinct().ToArray();
                var task = new TaskRow(++ids.Task, plan.Id, chapter.Id, i.ToString(), $"{chapter.Number}-{i}", i, t, lead, supporting, continuous, created, []);
                world.Tasks.Add(task);
                if (!continuous)
                {
                    var count = rng.Next(1, 4);
                    var dates = new SortedSet<DateOnly>();
                    while (dates.Count < count)
                    {
                        // Month ends from 2024-03 to 2026-06.
                        var month = new DateOnly(2024, 3, 1).AddMonths(rng.Next(0, 28));
                        dates.Add(month.AddMonths(1).AddDays(-1));
                    }
                    var order = 0;
                    foreach (var d in dates) task.Milestones.Add(new MilestoneRow(++ids.Milestone, task.Id, d, $"{d.Year}年{d.Month}月底前", ++order));
                }

                // Lead: the template's first lead unit (or any department); supporting: the template's, topped up to 1–2.
                var leadUnit = lead.Length > 0 && unitByName.TryGetValue(lead[0], out var l) ? l : deptIds[rng.Next(deptIds.Count)];
                world.Assignments.Add(new AssignmentRow(++ids.Assignment, task, leadUnit, "Lead", ci, created));
                var used = new HashSet<int> { leadUnit };
                foreach (var s in supporting.Take(3))
                    if (unitByName.TryGetValue(s, out var sid) && used.Add(sid))
                        world.Assignments.Add(new AssignmentRow(++ids.Assignment, task, sid, "Supporting", ci, created));
                for (var extra = used.Count; extra < 3 + rng.Next(0, 2); extra++)
                {
                    var sid = deptIds[rng.Next(deptIds.Count)];
                    if (used.Add(sid)) world.Assignments.Add(new AssignmentRow(++ids.Assignment, task, sid, "Supporting", ci, created));
                }
                if (t.Townships || rng.NextDouble() < 0.97)
                    foreach (var tu in townshipUnits)
                        world.Assignments.Add(new AssignmentRow(++ids.Assignment, task, tu, "Implementing", ci, created));
            }
        }
        return world;
    }

    /// <summary>A stream per county and purpose; <see cref="Random(int)"/> with a seed is stable across .NET versions (not HashCode, which is randomised per process).</summary>
    private static Random CountyRandom(int seed, int countyIndex, int stream) => new(unchecked(seed * 1_000_003 + countyIndex * 7_919 + stream * 104_729) & 0x7fffffff);

    private async Task CopyStructureAsync(NpgsqlConnection conn, World w, CancellationToken ct)
    {
        await CopyAsync(conn, "plans (id, key, title, doc_number, issuer, issued_on, plan_year, region_id, region_name_as_written, source_text, source_sha256, reporting_cycle, created_at, updated_at)",
            w.Plans, async (x, p) =>
            {
                await x.WriteAsync(p.Id, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(p.Key, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(p.Title, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync($"{p.RegionName[..1]}环攻坚〔2024〕{p.Id % 50 + 1}号", NpgsqlDbType.Varchar, ct);
                await x.WriteAsync($"{p.RegionName}大气污染防治攻坚战领导小组办公室", NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(p.IssuedOn, NpgsqlDbType.Date, ct);
                await x.WriteAsync(2024, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(p.RegionId, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(p.RegionName, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(p.SourceText, NpgsqlDbType.Text, ct);
                await x.WriteAsync(BulkCopy.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(p.Key + "\n" + p.SourceText))), NpgsqlDbType.Char, ct);
                await x.WriteAsync("Quarterly", NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await x.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            }, ct);
        await CopyAsync(conn, "chapters (id, plan_id, number, title, \"order\")", w.Chapters, async (x, c) =>
        {
            await x.WriteAsync(c.Id, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(c.PlanId, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(c.Number, NpgsqlDbType.Varchar, ct);
            await x.WriteAsync(c.Title, NpgsqlDbType.Varchar, ct);
            await x.WriteAsync(c.Order, NpgsqlDbType.Integer, ct);
        }, ct);
        await CopyAsync(conn, "units (id, region_id, name, kind, township_region_id, created_at, updated_at)", w.Units, async (x, u) =>
        {
            await x.WriteAsync(u.Id, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(u.RegionId, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(u.Name, NpgsqlDbType.Varchar, ct);
            await x.WriteAsync(u.Township ? "Township" : "Department", NpgsqlDbType.Varchar, ct);
            if (u.TownshipRegionId is { } tr) await x.WriteAsync(tr, NpgsqlDbType.Integer, ct); else await x.WriteNullAsync(ct);
            await x.WriteAsync(u.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await x.WriteAsync(u.CreatedAt, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        await CopyAsync(conn, "tasks (id, plan_id, chapter_id, parent_id, number, path, \"order\", section, title, text, source_line, lead_unit_names, supporting_unit_names, township_scope, named_townships, recurrence, is_continuous, created_at, updated_at)",
            w.Tasks, async (x, t) =>
            {
                await x.WriteAsync(t.Id, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(t.PlanId, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(t.ChapterId, NpgsqlDbType.Integer, ct);
                await x.WriteNullAsync(ct);
                await x.WriteAsync(t.Number, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(t.Path, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(t.Order, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(t.T.Section, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(t.T.Title, NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(t.T.Text, NpgsqlDbType.Text, ct);
                await x.WriteAsync(t.T.Line, NpgsqlDbType.Integer, ct);
                await x.WriteAsync(t.Lead, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await x.WriteAsync(t.Supporting, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await x.WriteAsync(t.T.Townships ? "All" : "None", NpgsqlDbType.Varchar, ct);
                await x.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                if (t.T.Recurrence is { } r) await x.WriteAsync(r, NpgsqlDbType.Varchar, ct); else await x.WriteNullAsync(ct);
                await x.WriteAsync(t.Continuous, NpgsqlDbType.Boolean, ct);
                await x.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await x.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            }, ct);
        await CopyAsync(conn, "milestones (id, task_id, due_on, text, \"order\")", w.Tasks.SelectMany(t => t.Milestones), async (x, m) =>
        {
            await x.WriteAsync(m.Id, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(m.TaskId, NpgsqlDbType.Integer, ct);
            await x.WriteAsync(m.DueOn, NpgsqlDbType.Date, ct);
            await x.WriteAsync(m.Text, NpgsqlDbType.Varchar, ct);
            await x.WriteAsync(m.Order, NpgsqlDbType.Integer, ct);
        }, ct);
    }

    private async Task CopyAsync<T>(NpgsqlConnection conn, string target, IEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct) =>
        _rows[BulkCopy.TableOf(target)] = await BulkCopy.CopyAsync(conn, target, rows, write, ct);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
