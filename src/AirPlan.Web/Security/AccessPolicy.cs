namespace AirPlan.Web.Security;

/// <summary>
/// Every authorisation check in one place, enforced by the services whatever the UI shows; <see cref="Visibility"/> is the
/// same read rule as query filters.
/// Admins see everything; coordinators and leaders see the plans of their regions; liaisons see the tasks their units take part in.
/// Only a liaison of the unit reports on an assignment; only a coordinator of the region reviews or changes tasks; leaders only read.
/// </summary>
public static class AccessPolicy
{
    public static bool CanRead(UserContext user, int planRegionId) =>
        user.IsAdmin || user.RegionIds.Contains(planRegionId);

    /// <summary>A task: by region, or because one of the liaison's units has an assignment on it.</summary>
    public static bool CanReadTask(UserContext user, int planRegionId, IEnumerable<int> taskUnitIds) =>
        CanRead(user, planRegionId) || (user.IsLiaison && taskUnitIds.Any(user.UnitIds.Contains));

    public static bool CanReport(UserContext user, int assignmentUnitId) =>
        user.IsLiaison && user.UnitIds.Contains(assignmentUnitId);

    public static bool CanCoordinate(UserContext user, int planRegionId) =>
        user.IsCoordinator && user.RegionIds.Contains(planRegionId);

    /// <summary>
    /// A 督办单: the region's coordinators and leaders (and admins), and the liaisons of the unit it is addressed to; nobody
    /// else, not even other units on the same task (a notice is between the office and one unit).
    /// </summary>
    public static bool CanReadNotice(UserContext user, int regionId, int unitId) =>
        CanRead(user, regionId) || CanReport(user, unitId);

    /// <summary>Issuing a 督办单 in the name of the region's office: its coordinators.</summary>
    public static bool CanIssueNotice(UserContext user, int planRegionId) => CanCoordinate(user, planRegionId);

    /// <summary>反馈 to a 督办单: a liaison of the unit it is addressed to.</summary>
    public static bool CanReplyNotice(UserContext user, int unitId) => CanReport(user, unitId);

    public static bool CanManageUnits(UserContext user, int regionId) =>
        user.IsAdmin || CanCoordinate(user, regionId);

    public static bool CanManageAccounts(UserContext user) => user.IsAdmin;

    /// <summary>操作记录 of the whole system: admins only (a task's own history is read with the task).</summary>
    public static bool CanReadAudit(UserContext user) => user.IsAdmin;

    /// <summary>每日催办's runs and 立即执行: admins (the job chases every plan at once).</summary>
    public static bool CanRunChasing(UserContext user) => user.IsAdmin;

    /// <summary>Bringing in a plan (document or ledger): admins, and coordinators for their own regions.</summary>
    public static bool CanImportPlans(UserContext user) => user.IsAdmin || user.IsCoordinator;

    public static bool CanImportPlanFor(UserContext user, int regionId) => user.IsAdmin || CanCoordinate(user, regionId);

    /// <summary>消息: each account reads and marks only its own (admins included); see <see cref="Visibility.Messages"/>.</summary>
    public static bool CanReadMessage(UserContext user, string recipientUserId) => user.IsAuthenticated && recipientUserId == user.UserId;

    /// <summary>The outbox of every channel (addresses, failures, 重新发送): admins only.</summary>
    public static bool CanManageDeliveries(UserContext user) => user.IsAdmin;

    /// <summary>A region's or its units' 群机器人: whoever maintains that region's units.</summary>
    public static bool CanManageRobots(UserContext user, int regionId) => CanManageUnits(user, regionId);

    public static void EnsureManageDeliveries(UserContext user)
    {
        if (!CanManageDeliveries(user)) throw new AccessDeniedException("只有系统管理员可以查看和重新发送消息");
    }

    public static void EnsureManageRobots(UserContext user, int regionId)
    {
        if (!CanManageRobots(user, regionId)) throw new AccessDeniedException("只有系统管理员或本地区督办员可以设置群机器人");
    }

    public static void EnsureRead(UserContext user, int planRegionId)
    {
        if (!CanRead(user, planRegionId)) throw new AccessDeniedException("您无权查看该方案的任务");
    }

    public static void EnsureReadTask(UserContext user, int planRegionId, IEnumerable<int> taskUnitIds)
    {
        if (!CanReadTask(user, planRegionId, taskUnitIds)) throw new AccessDeniedException("您无权查看该任务");
    }

    /// <summary>
    /// Like <see cref="EnsureReadTask"/>, but for a request that names an object by id: someone who may not read the task is told it
    /// does not exist, exactly as for an id that does not (no telling apart 403 and 404 by guessing ids).
    /// </summary>
    public static void EnsureVisibleTask(UserContext user, int planRegionId, IEnumerable<int> taskUnitIds, string notFoundMessage)
    {
        if (!CanReadTask(user, planRegionId, taskUnitIds)) throw new NotFoundException(notFoundMessage);
    }

    /// <summary>Someone who may not read a notice is told it does not exist, as for an id that does not (no probing).</summary>
    public static void EnsureVisibleNotice(UserContext user, int regionId, int unitId, string notFoundMessage)
    {
        if (!CanReadNotice(user, regionId, unitId)) throw new NotFoundException(notFoundMessage);
    }

    public static void EnsureIssueNotice(UserContext user, int planRegionId)
    {
        if (!CanIssueNotice(user, planRegionId)) throw new AccessDeniedException("只有本地区的督办员可以下发督办单");
    }

    public static void EnsureReplyNotice(UserContext user, int unitId)
    {
        if (!CanReplyNotice(user, unitId)) throw new AccessDeniedException("只有被督办单位的联络员可以反馈督办单");
    }

    public static void EnsureReport(UserContext user, int assignmentUnitId)
    {
        if (!CanReport(user, assignmentUnitId)) throw new AccessDeniedException("只有该责任单位的联络员可以报送进展、上传佐证材料或提交完成");
    }

    public static void EnsureCoordinate(UserContext user, int planRegionId)
    {
        if (!CanCoordinate(user, planRegionId)) throw new AccessDeniedException("只有本地区的督办员可以进行此操作");
    }

    public static void EnsureManageUnits(UserContext user, int regionId)
    {
        if (!CanManageUnits(user, regionId)) throw new AccessDeniedException("只有系统管理员或本地区督办员可以维护单位");
    }

    public static void EnsureManageAccounts(UserContext user)
    {
        if (!CanManageAccounts(user)) throw new AccessDeniedException("只有系统管理员可以管理账号");
    }

    public static void EnsureReadAudit(UserContext user)
    {
        if (!CanReadAudit(user)) throw new AccessDeniedException("只有系统管理员可以查看全部操作记录");
    }

    public static void EnsureRunChasing(UserContext user)
    {
        if (!CanRunChasing(user)) throw new AccessDeniedException("只有系统管理员可以执行每日催办");
    }

    /// <param name="regionId">The region the plan is for, when already chosen.</param>
    /// <summary>导入修订版: the plan's region's coordinators and admins, as for importing a plan there.</summary>
    public static void EnsureRevisePlan(UserContext user, int planRegionId)
    {
        if (!CanImportPlanFor(user, planRegionId)) throw new AccessDeniedException("只有系统管理员或本地区督办员可以导入修订版");
    }

    public static void EnsureImportPlan(UserContext user, int? regionId)
    {
        if (!CanImportPlans(user) || (regionId is { } id && !CanImportPlanFor(user, id)))
            throw new AccessDeniedException("只有系统管理员或本地区督办员可以导入台账");
    }
}
