using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Plans.Import;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Security;
using AirPlan.Web.Common;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Admin.Units;

/// <summary>
/// 单位与区域维护: rename units, keep the alias table (it feeds the parser on the next import), merge two spellings of one
/// unit so their work follows, and add management zones the division list lacks.
/// </summary>
public sealed class UnitAdminService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, RegionTree regions,
    NationalDivisions divisions)
{
    /// <summary>The 地区 search box of 单位与区域 and 群机器人: regions with plans the actor maintains, by name or code.</summary>
    public async Task<IReadOnlyList<RegionChoice>> SearchRegionsAsync(UserContext actor, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RegionSearch.FindAsync(Maintained(db, actor), text, RegionSearch.PlanLevels, ct);
    }

    /// <summary>Where those pages open: the first such region by name; null when there is none yet (no plan imported).</summary>
    public async Task<RegionChoice?> FirstRegionAsync(UserContext actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RegionSearch.FirstAsync(db, Maintained(db, actor), ct);
    }

    /// <summary>Regions whose units the actor may maintain: those with plans (their units came with them), within the actor's scope.</summary>
    private static IQueryable<Region> Maintained(AppDbContext db, UserContext actor) =>
        Visibility.UnitRegions(db, actor).Where(r => db.Plans.Any(p => p.RegionId == r.Id));

    public async Task<IReadOnlyList<UnitRow>> UnitsAsync(UserContext actor, int regionId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageUnits(actor, regionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Units.AsNoTracking().Where(u => u.RegionId == regionId).OrderBy(u => u.Kind).ThenBy(u => u.Name)
            .Select(u => new UnitRow(u.Id, u.Name, u.Kind, u.Aliases.OrderBy(a => a.Alias).Select(a => a.Alias).ToList(),
                db.Assignments.Count(a => a.UnitId == u.Id), u.Version))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ZoneRow>> SubordinatesAsync(UserContext actor, int regionId, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageUnits(actor, regionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A county whose townships were never needed yet gets them here, so the admin sees the official list before adding zones.
        if (await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == regionId, ct) is { } region)
            await divisions.EnsureTownshipsAsync(db, region, ct);
        return await db.Regions.AsNoTracking().Where(r => r.ParentId == regionId).OrderBy(r => r.Code)
            .Select(r => new ZoneRow(r.Id, r.Code, r.Name, r.Level)).ToListAsync(ct);
    }

    public async Task RenameAsync(UserContext actor, int unitId, uint version, string newName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await LoadAsync(db, actor, unitId, version, ct);
        newName = newName.Trim();
        if (await db.Units.AnyAsync(u => u.RegionId == unit.RegionId && u.Id != unit.Id && u.Name == newName, ct))
            throw new DomainException($"本地区已有名为「{newName}」的单位，如是同一单位请使用“合并”");
        var before = unit.Name;
        unit.Rename(newName);
        db.Audit(actor, clock.GetUtcNow(), "unit.rename", nameof(Unit), unit.Id, null, $"单位「{before}」更名为「{unit.Name}」（原名保留为别名）",
            new { Name = before }, new { unit.Name });
        await SaveAsync(db, ct);
    }

    public async Task AddAliasAsync(UserContext actor, int unitId, uint version, string alias, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await LoadAsync(db, actor, unitId, version, ct);
        alias = alias.Trim();
        if (alias.Length == 0) throw new DomainException("别名不能为空");
        var owner = await db.Units.Where(u => u.RegionId == unit.RegionId && u.Id != unit.Id && (u.Name == alias || u.Aliases.Any(a => a.Alias == alias)))
            .Select(u => u.Name).FirstOrDefaultAsync(ct);
        if (owner is not null) throw new DomainException($"「{alias}」已是单位「{owner}」的名称或别名，如是同一单位请使用“合并”");
        unit.AddAlias(alias);
        unit.Touch();
        db.Audit(actor, clock.GetUtcNow(), "unit.alias-add", nameof(Unit), unit.Id, null, $"为单位「{unit.Name}」添加别名「{alias}」", null, new { Alias = alias });
        await SaveAsync(db, ct);
    }

    public async Task RemoveAliasAsync(UserContext actor, int unitId, uint version, string alias, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await LoadAsync(db, actor, unitId, version, ct);
        unit.RemoveAlias(alias);
        unit.Touch();
        db.Audit(actor, clock.GetUtcNow(), "unit.alias-remove", nameof(Unit), unit.Id, null, $"删除单位「{unit.Name}」的别名「{alias}」", new { Alias = alias }, null);
        await SaveAsync(db, ct);
    }

    /// <summary>
    /// Merges <paramref name="sourceId"/> into <paramref name="targetId"/>: assignments, liaison bindings and names follow.
    /// Where both units were on the same task, the two rows become one (ADR 012): the row with the stronger role stays (牵头
    /// wins over 落实 and 配合; an open row over a 已撤销 one; the target's on a tie), with its status history, and the other's
    /// reports, evidence, reviews, checkpoints, 督办单 and messages move to it. The unit never ends up twice on one task.
    /// </summary>
    /// <returns>How many of the source's assignments now belong to the target (moved or combined).</returns>
    public async Task<int> MergeAsync(UserContext actor, int sourceId, uint sourceVersion, int targetId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var source = await LoadAsync(db, actor, sourceId, sourceVersion, ct);
        var target = await db.Units.Include(u => u.Aliases).SingleOrDefaultAsync(u => u.Id == targetId, ct)
            ?? throw new DomainException("未找到要合并到的单位");
        if (target.RegionId != source.RegionId) throw new DomainException("只能合并同一地区的单位");
        target.AbsorbNamesOf(source);

        var rows = await db.Assignments.Include(a => a.Unit).Where(a => a.UnitId == sourceId || a.UnitId == targetId).ToListAsync(ct);
        var folds = new List<(int From, int Into)>();
        var (moved, combined) = (0, 0);
        foreach (var group in rows.GroupBy(a => a.TaskId).Where(g => g.Any(a => a.UnitId == sourceId)))
        {
            var keep = group.OrderBy(a => a.IsClosed).ThenBy(a => Assignment.RoleRank(a.Role)).ThenBy(a => a.UnitId == targetId ? 0 : 1).First();
            foreach (var other in group.Where(a => a != keep))
            {
                folds.Add((other.Id, keep.Id));
                db.Entry(other).State = EntityState.Detached; // deleted by the fold below, after its records have moved
            }
            if (keep.UnitId == sourceId) keep.TransferTo(target);
            if (group.Count() > 1) combined++;
            else moved++;
        }
        // The task lists (牵头：… in the task list and 逾期最久, a sub-item's 牵头/配合) name the kept unit too, never both.
        var named = await db.Tasks.Where(t => t.Plan!.RegionId == source.RegionId
            && (t.LeadUnitNames.Contains(source.Name) || t.SupportingUnitNames.Contains(source.Name))).ToListAsync(ct);
        foreach (var task in named) task.RenameMergedUnit(source.Name, target.Name);
        var bindings = await db.UserUnits.Where(b => b.UnitId == sourceId).ToListAsync(ct);
        var bound = await db.UserUnits.Where(b => b.UnitId == targetId).Select(b => b.UserId).ToListAsync(ct);
        db.UserUnits.RemoveRange(bindings);
        db.UserUnits.AddRange(bindings.Where(b => !bound.Contains(b.UserId)).Select(b => new UserUnit { UserId = b.UserId, UnitId = targetId }));
        var sourceName = source.Name;
        db.Units.Remove(source);
        db.Audit(actor, clock.GetUtcNow(), "unit.merge", nameof(Unit), target.Id, null,
            $"单位「{sourceName}」并入「{target.Name}」，转移责任分工 {moved} 条，同一任务的分工合并为一条 {combined} 条",
            new { Source = sourceName }, new { Target = target.Name, Moved = moved, Combined = combined });

        await db.SaveInTransactionAsync(async (db, ct) =>
        {
            foreach (var (from, into) in folds) await FoldAsync(db, from, into, ct);
            // 督办单 issued to the absorbed unit are the kept unit's now (an official paper is never dropped by a merge).
            await db.Database.ExecuteSqlAsync($"UPDATE supervision_notices SET unit_id = {targetId} WHERE unit_id = {sourceId}", ct);
            await SaveAsync(db, ct, acceptAllChanges: false);
        }, ct);
        return moved + combined;
    }

    /// <summary>One unit's second row on a task goes into the first: its records move, a checkpoint the first has is dropped.</summary>
    private static async Task FoldAsync(AppDbContext db, int from, int into, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"UPDATE progress_reports SET assignment_id = {into} WHERE assignment_id = {from}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE evidence SET assignment_id = {into} WHERE assignment_id = {from}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE reviews SET assignment_id = {into} WHERE assignment_id = {from}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE supervision_notices SET assignment_id = {into} WHERE assignment_id = {from}", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE notifications SET assignment_id = {into} WHERE assignment_id = {from}", ct);
        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM checkpoints c WHERE c.assignment_id = {from}
              AND EXISTS (SELECT 1 FROM checkpoints k WHERE k.assignment_id = {into} AND k.milestone_id = c.milestone_id)
            """, ct);
        await db.Database.ExecuteSqlAsync($"UPDATE checkpoints SET assignment_id = {into} WHERE assignment_id = {from}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM assignments WHERE id = {from}", ct);
    }

    /// <summary>
    /// Adds a zone (开发区、示范区) under a region; tasks of the region's plans that every township carries out get an
    /// implementing assignment for it, so the zone is chased like the towns.
    /// </summary>
    public async Task<int> AddZoneAsync(UserContext actor, int regionId, string name, CancellationToken ct = default)
    {
        AccessPolicy.EnsureManageUnits(actor, regionId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var region = await db.Regions.Include(r => r.Children).SingleOrDefaultAsync(r => r.Id == regionId, ct)
            ?? throw new DomainException("未找到该地区");
        var zone = region.AddZone(name);
        var unit = Unit.Township(region, zone);
        db.Units.Add(unit);
        var tasks = await db.Tasks.Where(t => t.Plan!.RegionId == regionId && t.ParentId == null && t.TownshipScope == TownshipScopeKind.All)
            .Include(t => t.Assignments).ToListAsync(ct);
        foreach (var task in tasks) task.Assign(unit, AssignmentRole.Implementing);
        db.Audit(actor, clock.GetUtcNow(), "region.zone-add", nameof(Region), region.Id, null,
            $"在「{region.Name}」下添加「{zone.Name}」，为 {tasks.Count} 项全域任务生成落实分工", null, new { Zone = zone.Name, Tasks = tasks.Count });
        await SaveAsync(db, ct);
        regions.Invalidate();
        return tasks.Count;
    }

    private static async Task<Unit> LoadAsync(AppDbContext db, UserContext actor, int unitId, uint version, CancellationToken ct)
    {
        var unit = await db.Units.Include(u => u.Aliases).SingleOrDefaultAsync(u => u.Id == unitId, ct)
            ?? throw new DomainException("未找到该单位，可能已被合并或删除");
        AccessPolicy.EnsureManageUnits(actor, unit.RegionId);
        db.Entry(unit).Property(u => u.Version).OriginalValue = version;
        return unit;
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct, bool acceptAllChanges = true)
    {
        try
        {
            await db.SaveOrConflictAsync(ct, acceptAllChanges);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23505" })
        {
            throw new DomainException("名称与已有单位或区域重复，请换一个名称");
        }
    }
}
