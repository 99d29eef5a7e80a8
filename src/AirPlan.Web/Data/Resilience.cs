using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AirPlan.Web.Data;

/// <summary>
/// Explicit transactions under Npgsql's retrying execution strategy (see <see cref="DataServiceExtensions"/>): the strategy
/// refuses a user-started transaction unless the whole transaction is one retriable block, because after a dropped connection
/// it must run the block again from the start. Each helper says what it re-runs, so a retry never writes anything twice.
/// </summary>
public static class Resilience
{
    /// <summary>
    /// Runs <paramref name="attempt"/> with a fresh context each time: for work that saves more than once (an id from the first
    /// save is needed by the second). The failed attempt's context, with its half-accepted changes, is thrown away; its
    /// transaction was never committed, so the database holds nothing of it.
    /// </summary>
    public static async Task<T> RetryingAsync<T>(this IDbContextFactory<AppDbContext> factory, Func<AppDbContext, Task<T>> attempt,
        CancellationToken ct)
    {
        await using var outer = await factory.CreateDbContextAsync(ct);
        return await outer.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var db = await factory.CreateDbContextAsync(token);
            return await attempt(db);
        }, ct);
    }

    /// <summary>
    /// One SaveChanges inside an explicit transaction: changes are accepted only after the commit, so a retry saves the same
    /// changes again instead of believing the first attempt's inserts happened.
    /// </summary>
    public static async Task SaveInTransactionAsync(this AppDbContext db, Func<AppDbContext, CancellationToken, Task> save, CancellationToken ct)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await save(db, token);
            await transaction.CommitAsync(token);
        }, ct);
        db.ChangeTracker.AcceptAllChanges();
    }

    /// <summary>
    /// SQL statements in one transaction, run again from BEGIN after a dropped connection; for statements that are safe to
    /// repeat (ON CONFLICT, deletes by key, advisory locks), as raw SQL leaves no tracked state behind.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DatabaseFacade database, Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            await using var transaction = await database.BeginTransactionAsync(token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);

    public static Task InTransactionAsync(this DatabaseFacade database, Func<CancellationToken, Task> work, CancellationToken ct) =>
        database.InTransactionAsync(async token => { await work(token); return true; }, ct);
}
