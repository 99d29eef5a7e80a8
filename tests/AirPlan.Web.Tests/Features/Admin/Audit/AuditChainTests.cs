using AirPlan.Core.Domain;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Admin.Audit;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AirPlan.Web.Tests.Features.Admin.Audit;

/// <summary>
/// The audit table as a hash chain (ADR 023): an untouched history verifies; a row changed, replaced or removed in the database
/// directly — as a superuser would, with the append-only guard switched off — is named by the verification; concurrent audited
/// actions still form one chain.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditChainTests(PostgresServer server) : IAsyncLifetime
{
    private readonly List<IHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var host in _hosts) host.Dispose();
        return Task.CompletedTask;
    }

    private static readonly UserContext Admin = new("test-admin", "admin", "系统管理员（测试）", new HashSet<string> { AppRoles.Admin },
        new HashSet<int>(), new HashSet<int>());

    /// <summary>A database of the test's own (tampering breaks it for good) with <paramref name="rows"/> audited changes, one save each.</summary>
    private async Task<(IHost Host, string ConnectionString, List<long> Ids)> HistoryAsync(int rows)
    {
        var connectionString = await SeedTemplates.RegionsCopyAsync(server, "audit");
        var host = TestServices.Build(connectionString);
        _hosts.Add(host);
        var factory = host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var ids = new List<long>();
        for (var i = 0; i < rows; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.Audit(Admin, DateTimeOffset.UtcNow, "account.test", "Account", i, null, $"第 {i + 1} 次测试操作", new { 名称 = "旧" }, new { 名称 = $"新{i}" });
            await db.SaveChangesAsync();
            ids.Add(await db.AuditEntries.MaxAsync(e => e.Id));
        }
        return (host, connectionString, ids);
    }

    /// <summary>What a superuser can do: switch the append-only guard off, change history, switch it on again.</summary>
    private static async Task TamperAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
            {sql};
            ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<AuditChainReport> VerifyAsync(IHost host) => host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync(Admin);

    [Fact]
    public async Task AnUntouchedChainVerifiesAndEachRowLinksToThePreviousOne()
    {
        var (host, _, ids) = await HistoryAsync(5);

        var report = await VerifyAsync(host);

        Assert.True(report.Intact, report.Message(TimeZoneInfo.Utc));
        Assert.Equal((5L, 5L), (report.Rows, report.HeadSeq));
        Assert.Equal("操作记录哈希链完整：共 5 条，逐条校验均未发现改动或删除。", report.Message(TimeZoneInfo.Utc));
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var chain = await db.AuditEntries.OrderBy(e => e.ChainSeq).ToListAsync();
        Assert.Equal([1L, 2, 3, 4, 5], chain.Select(e => e.ChainSeq));
        Assert.Equal(new byte[32], chain[0].PrevHash);
        Assert.All(chain.Zip(chain.Skip(1)), pair => Assert.Equal(pair.First.Hash, pair.Second.PrevHash));
        Assert.Equal(Convert.ToHexStringLower(chain[^1].Hash!), report.HeadHash);
    }

    [Fact]
    public async Task ARowEditedWithSqlIsNamedAsTheFirstBrokenLink()
    {
        var (host, connectionString, ids) = await HistoryAsync(5);

        await TamperAsync(connectionString, $"UPDATE audit_entries SET summary = '第 3 次测试操作（已改）' WHERE id = {ids[2]}");
        var report = await VerifyAsync(host);

        Assert.False(report.Intact);
        Assert.Equal((ids[2], 3L, AuditChainProblem.Changed), (report.Break!.EntryId, report.Break.ChainSeq, report.Break.Problem));
        Assert.StartsWith($"操作记录哈希链在第 {ids[2]} 号记录处断开", report.Message(TimeZoneInfo.Utc));
        Assert.EndsWith("该记录的内容与其哈希不符，已被直接修改。", report.Message(TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task ARowEditedAndHashedAgainBreaksTheLinkOfTheRowAfterIt()
    {
        var (host, connectionString, ids) = await HistoryAsync(5);

        await TamperAsync(connectionString, $$"""
            UPDATE audit_entries SET after = '{"名称": "伪造"}' WHERE id = {{ids[1]}};
            UPDATE audit_entries e SET hash = audit_entry_digest(e) WHERE id = {{ids[1]}}
            """);
        var report = await VerifyAsync(host);

        Assert.Equal((ids[2], AuditChainProblem.Relinked), (report.Break!.EntryId, report.Break.Problem));
    }

    [Fact]
    public async Task ADeletedRowIsDetectedAtTheRowAfterTheGap()
    {
        var (host, connectionString, ids) = await HistoryAsync(5);

        await TamperAsync(connectionString, $"DELETE FROM audit_entries WHERE id = {ids[1]}");
        var report = await VerifyAsync(host);

        Assert.Equal((ids[2], 3L, AuditChainProblem.Missing, 1L),
            (report.Break!.EntryId, report.Break.ChainSeq, report.Break.Problem, report.Break.MissingRows));
        Assert.EndsWith("该记录之前缺少 1 条记录，已被直接删除。", report.Message(TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task OnlyAdministratorsMayVerify()
    {
        var (host, _, _) = await HistoryAsync(0);
        var leader = Admin with { UserId = "test-leader", Roles = new HashSet<string> { AppRoles.Leader } };

        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync(leader));
    }

    [Fact]
    public async Task TwentyConcurrentAuditedActionsStillFormOneChain()
    {
        await using var work = await WorkDatabase.CreateAsync(server);
        var coordinator = await work.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");
        await using var context = work.CreateDbContext();
        var assignments = await context.Assignments.Where(a => a.Task!.Plan!.RegionId == work.MengjinRegionId && a.Status == AssignmentStatus.NotStarted)
            .OrderBy(a => a.Id).Take(20).Select(a => new { a.Id, a.Version }).ToListAsync();
        var before = await context.AuditEntries.CountAsync();

        var service = work.Get<WorkService>();
        await Task.WhenAll(assignments.Select(a => Task.Run(() =>
            service.OverrideStatusAsync(coordinator, a.Id, a.Version, AssignmentStatus.InProgress, "并发测试"))));
        var report = await work.Get<AuditChainVerifier>().VerifyAsync(Admin);

        Assert.True(report.Intact, report.Message(TimeZoneInfo.Utc));
        Assert.Equal(before + 20, report.Rows);
        Assert.Equal(report.Rows, report.HeadSeq);
    }
}
