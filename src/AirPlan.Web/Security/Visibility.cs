using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Security;

/// <summary>
/// Which plans, tasks and assignments a user may see, as query filters: the read side of <see cref="AccessPolicy"/>, written
/// once. Admins see everything; coordinators and leaders the plans of their regions; a liaison also their own units' work
/// wherever it is (and the plans and tasks that work belongs to). Every read query starts from one of these.
/// </summary>
public static class Visibility
{
    /// <summary>Assignments: in the user's regions' plans, or a liaison's own units' work.</summary>
    public static IQueryable<Assignment> Assignments(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.Assignments.AsNoTracking();
        var (regions, units) = Scope(user);
        return db.Assignments.AsNoTracking().Where(a => regions.Contains(a.Task!.Plan!.RegionId) || units.Contains(a.UnitId));
    }

    /// <summary>The same rule over the status engine's facts, without joining the assignments table (a province has 89k rows).</summary>
    public static IQueryable<AssignmentFact> Facts(AppDbContext db, IQueryable<AssignmentFact> facts, UserContext user)
    {
        if (user.IsAdmin) return facts;
        var (regions, units) = Scope(user);
        var plansInRegions = db.Plans.Where(p => regions.Contains(p.RegionId)).Select(p => p.Id);
        // Without units (everyone but a liaison) the rule is the plans alone: spelled so, PostgreSQL joins the plans to an
        // index-only scan of the facts instead of testing an OR on each of a province's 89k rows (issue #12, counting the list).
        if (units.Count == 0) return facts.Where(f => plansInRegions.Contains(f.PlanId));
        return facts.Where(f => plansInRegions.Contains(f.PlanId) || units.Contains(f.UnitId));
    }

    /// <summary>
    /// Whether everything the user may see is whole plans (their regions'; all for an admin): then they see every assignment
    /// of a task they see, and task-level figures kept for whole tasks are theirs. A liaison's units add single rows.
    /// </summary>
    public static bool SeesWholePlans(UserContext user) => user.IsAdmin || Scope(user).Units.Count == 0;

    /// <summary>Plans with something the user may see: their regions' plans, and plans a liaison's units have work in.</summary>
    public static IQueryable<Plan> Plans(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.Plans.AsNoTracking();
        var (regions, units) = Scope(user);
        // As in Facts: the units' half only when there are units.
        return units.Count == 0
            ? db.Plans.AsNoTracking().Where(p => regions.Contains(p.RegionId))
            : db.Plans.AsNoTracking().Where(p => regions.Contains(p.RegionId)
                || p.Tasks.Any(t => t.Assignments.Any(a => units.Contains(a.UnitId))));
    }

    /// <summary>Tasks the user may see; a subitem through its parent's assignments.</summary>
    public static IQueryable<PlanTask> Tasks(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.Tasks.AsNoTracking();
        var (regions, units) = Scope(user);
        // Spelled as two branches: EF Core cannot translate a conditional between two collection navigations
        // ((cond ? t.Assignments : t.Parent.Assignments).Any(...)).
        return db.Tasks.AsNoTracking().Where(t => regions.Contains(t.Plan!.RegionId)
            || (t.Parent == null && t.Assignments.Any(a => units.Contains(a.UnitId)))
            || (t.Parent != null && t.Parent.Assignments.Any(a => units.Contains(a.UnitId))));
    }

    /// <summary>
    /// 消息: the user's own, whatever the role (an admin reads nobody else's either). Tracked, so opening one can mark it read;
    /// the same rule as <see cref="AccessPolicy.CanReadMessage"/>.
    /// </summary>
    public static IQueryable<Notification> Messages(AppDbContext db, UserContext user)
    {
        var userId = user.IsAuthenticated ? user.UserId : null;
        return db.Notifications.Where(n => n.UserId == userId);
    }

    /// <summary>督办单: the read rule of <see cref="AccessPolicy.CanReadNotice"/> (region, or a liaison's own units).</summary>
    public static IQueryable<SupervisionNotice> Notices(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.SupervisionNotices.AsNoTracking();
        var (regions, units) = Scope(user);
        return db.SupervisionNotices.AsNoTracking().Where(n => regions.Contains(n.RegionId) || units.Contains(n.UnitId));
    }

    /// <summary>The two sets every rule above is made of; a unit grants sight only to a liaison (the one who reports for it).</summary>
    private static (List<int> Regions, List<int> Units) Scope(UserContext user) =>
        (user.RegionIds.ToList(), user.IsLiaison ? user.UnitIds.ToList() : []);

    /// <summary>Regions whose plans a user reads whole (<see cref="AccessPolicy.CanRead"/> as a filter): all for admins, their own (with descendants) otherwise.</summary>
    public static IQueryable<Region> ReadRegions(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.Regions.AsNoTracking();
        var regions = user.RegionIds.ToList();
        return db.Regions.AsNoTracking().Where(r => regions.Contains(r.Id));
    }

    /// <summary>
    /// Regions whose units, zones and 群机器人 a user may maintain (<see cref="AccessPolicy.CanManageUnits"/> as a filter): all
    /// for admins, their own (with descendants) for coordinators.
    /// </summary>
    public static IQueryable<Region> UnitRegions(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.Regions.AsNoTracking();
        if (!user.IsCoordinator) return db.Regions.Where(r => false);
        var regions = user.RegionIds.ToList();
        return db.Regions.AsNoTracking().Where(r => regions.Contains(r.Id));
    }

    /// <summary>Regions a user may bring plans in for: all for admins, their own (with descendants) for coordinators.</summary>
    public static IQueryable<Region> ImportRegions(AppDbContext db, UserContext user)
    {
        if (user.IsAdmin) return db.Regions.AsNoTracking();
        if (!AccessPolicy.CanImportPlans(user)) return db.Regions.Where(r => false);
        var regions = user.RegionIds.ToList();
        return db.Regions.AsNoTracking().Where(r => regions.Contains(r.Id));
    }
}
