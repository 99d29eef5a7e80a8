using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Common;

public static class ConflictCheckedSave
{
    /// <summary>SaveChanges where a stale xmin (someone saved in between) becomes the user-facing conflict, not a crash.</summary>
    public static async Task SaveOrConflictAsync(this AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException();
        }
    }
}
