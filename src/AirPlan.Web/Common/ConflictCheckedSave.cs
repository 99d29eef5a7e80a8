using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Common;

public static class ConflictCheckedSave
{
    /// <summary>SaveChanges where a stale xmin (someone saved in between) becomes the user-facing conflict, not a crash.</summary>
    /// <param name="acceptAllChanges">False inside <see cref="Resilience.SaveInTransactionAsync"/>, which accepts them after the commit.</param>
    public static async Task SaveOrConflictAsync(this AppDbContext db, CancellationToken ct, bool acceptAllChanges = true)
    {
        try
        {
            await db.SaveChangesAsync(acceptAllChanges, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException();
        }
    }
}
