using AirPlan.Core.Domain;
using AirPlan.Core.Rules;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Chasing.Settings;

/// <summary>A plan's 催办 thresholds: read by anyone who may read the plan, changed by the region's coordinators, audited.</summary>
public sealed class ChasingSettingsService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    private const string PlanNotFound = "未找到该方案，可能已被删除";

    /// <summary>The plan's thresholds and whether the user may change them; null when the plan is not the user's to read.</summary>
    public async Task<(ChasingSettings Settings, bool CanChange)?> GetAsync(UserContext actor, string planKey, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.AsNoTracking().Where(p => p.Key == planKey)
            .Select(p => new { p.RegionId, p.DueSoonDays, p.EscalateAfterDays, p.ReviewWaitingDays }).SingleOrDefaultAsync(ct);
        if (plan is null || !AccessPolicy.CanRead(actor, plan.RegionId)) return null;
        return (new ChasingSettings(plan.DueSoonDays, plan.EscalateAfterDays, plan.ReviewWaitingDays), AccessPolicy.CanCoordinate(actor, plan.RegionId));
    }

    public async Task ChangeAsync(UserContext actor, string planKey, ChasingSettings settings, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Key == planKey, ct) ?? throw new NotFoundException(PlanNotFound);
        if (!AccessPolicy.CanRead(actor, plan.RegionId)) throw new NotFoundException(PlanNotFound);
        AccessPolicy.EnsureCoordinate(actor, plan.RegionId);
        var before = plan.Chasing;
        if (before == settings) return;
        plan.ChangeChasing(settings);
        db.Audit(actor, clock.GetUtcNow(), "plan.chasing", nameof(Plan), plan.Id, null,
            $"{actor.Name} 调整了「{plan.Title}」的催办规则：临期提醒 {settings.DueSoonDays} 天，逾期 {settings.EscalateAfterDays} 天督办，待核验超过 {settings.ReviewWaitingDays} 天提醒",
            before, settings);
        await db.SaveChangesAsync(ct);
    }
}
