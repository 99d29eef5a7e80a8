using AirPlan.Core.Security;
using AirPlan.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>
/// The failure counts behind <see cref="SignInBackoff"/>, in PostgreSQL so that all instances share them. An attempt is checked
/// only when neither its account name nor its address is waiting; a failure bumps both counts in one statement; a success
/// forgets the account's count (not the address's: signing in to one's own account must not reset a guesser's address).
/// </summary>
public sealed class SignInThrottle(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How long to wait before this attempt may be checked, or null to check it now.</summary>
    public async Task<TimeSpan?> WaitAsync(string typedUserName, string? address, CancellationToken ct = default)
    {
        var (account, origin) = (AccountKey(typedUserName), AddressKey(address));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.SignInFailures.AsNoTracking().Where(f => f.Key == account || f.Key == origin).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var until = counts
            .Select(f => SignInBackoff.BlockedUntil(f.Failures, f.LastFailureAt, f.Key == account ? SignInBackoff.Account : SignInBackoff.Address, now))
            .Max();
        return until is { } u ? u - now : null;
    }

    public async Task FailedAsync(string typedUserName, string? address, CancellationToken ct = default)
    {
        var (account, origin) = (AccountKey(typedUserName), AddressKey(address));
        var now = clock.GetUtcNow();
        var forgetBefore = now - SignInBackoff.ForgetAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One atomic upsert per failure, safe to repeat after a dropped connection only in the sense that a retry counts the
        // failure once more (a stricter wait, never a looser one).
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES ({account}, 1, {now}), ({origin}, 1, {now})
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.last_failure_at < {forgetBefore} THEN 1 ELSE sign_in_failures.failures + 1 END,
                last_failure_at = EXCLUDED.last_failure_at
            """, ct);
        // Counts nobody has added to for an hour are forgotten anyway; sweep them so guessed names do not pile up.
        await db.SignInFailures.Where(f => f.LastFailureAt < forgetBefore).ExecuteDeleteAsync(ct);
    }

    public async Task SucceededAsync(string typedUserName, CancellationToken ct = default)
    {
        var account = AccountKey(typedUserName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.SignInFailures.Where(f => f.Key == account).ExecuteDeleteAsync(ct);
    }

    /// <summary>Upper-cased like Identity's normalised names, so Admin and admin share one count; clipped to the column.</summary>
    private static string AccountKey(string typedUserName) => Clip("account:" + typedUserName.Trim().ToUpperInvariant());

    private static string AddressKey(string? address) => Clip("address:" + (address ?? "unknown"));

    private static string Clip(string key) => key.Length <= 160 ? key : key[..160];
}
