using System.Data.Common;
using System.Runtime.CompilerServices;
using AirPlan.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AirPlan.Web.Data;

/// <summary>
/// A number that moves whenever this process commits a change to the plans and their work (any entity of Core.Domain but
/// audit rows). Caches of figures key on it, so a verification shows on the dashboard at once instead of when the entry
/// expires (docs/decisions/011-task-level-status.md).
/// </summary>
public sealed class WorkChanges
{
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public void Changed() => Interlocked.Increment(ref _generation);
}

/// <summary>
/// Moves <see cref="WorkChanges"/> after a save that touched the work is committed: at once for a save without an explicit
/// transaction, at the commit otherwise. A reader that counted before the commit cached under the old number, which no
/// later reader asks for.
/// </summary>
public sealed class WorkChangesInterceptor(WorkChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = new();
    private static readonly object Mark = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is null) return;
        var work = context.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity.GetType().Namespace == typeof(Plan).Namespace && e.Entity is not AuditEntry);
        if (work) Pending.AddOrUpdate(context, Mark);
    }

    private void Saved(DbContext? context)
    {
        if (context is null || context.Database.CurrentTransaction is not null) return;
        if (Pending.Remove(context)) changes.Changed();
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && Pending.Remove(context)) changes.Changed();
    }
}
