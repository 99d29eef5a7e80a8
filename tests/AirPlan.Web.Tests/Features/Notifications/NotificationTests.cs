using System.Text.Json;
using AirPlan.Core.Domain;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using AirPlan.Web.Features.Notifications;
using AirPlan.Web.Features.Notifications.Delivery;
using AirPlan.Web.Features.Tasks.Workflow;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Notifications;

/// <summary>
/// 消息 end to end against the real database: what the workflow sends lands in the recipient's messages and nobody else's,
/// and the outbox reaches an SMTP server and robot webhooks that the test runs itself, retrying a robot that is down.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NotificationTests(PostgresServer server) : IAsyncLifetime
{
    private const string PublicUrl = "https://airplan.example.gov.cn";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (WorkDatabase Db, SmtpSink Smtp, HttpSink Http)? _shared;

    private WorkDatabase _db = default!;
    private SmtpSink _smtp = default!;
    private HttpSink _http = default!;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var smtp = await SmtpSink.StartAsync();
                var http = await HttpSink.StartAsync();
                var db = await WorkDatabase.CreateAsync(server, configure: builder =>
                {
                    builder.Configuration["AirPlan:Mail:Host"] = "127.0.0.1";
                    builder.Configuration["AirPlan:Mail:Port"] = smtp.Port.ToString();
                    builder.Configuration["AirPlan:Mail:From"] = "孟津区攻坚办 <airplan@example.gov.cn>";
                    builder.Configuration["AirPlan:Notifications:PublicUrl"] = PublicUrl;
                    builder.Configuration["AirPlan:Notifications:MaxAttempts"] = "3";
                });
                _shared = (db, smtp, http);
            }
            (_db, _smtp, _http) = _shared.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private WorkService Work => _db.Get<WorkService>();
    private Inbox Inbox => _db.Get<Inbox>();
    private DeliveryAdmin Deliveries => _db.Get<DeliveryAdmin>();
    private DeliveryDispatcher Dispatcher => _db.Get<DeliveryDispatcher>();

    [Fact]
    public async Task ASendBackAndAVerificationArriveInTheLiaisonsMessagesAndTheBellCountsThem()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await ActorAsync(await UserAsync(AppRoles.Liaison, unitId: assignment.UnitId));
        Assert.Equal(0, await Inbox.CountUnreadAsync(liaison));

        await SubmitAndSendBackAsync(assignment, liaison, "缺少验收照片");
        Assert.Equal(1, await Inbox.CountUnreadAsync(liaison));
        await Work.SubmitAsync(liaison, assignment.Id, await _db.VersionAsync(assignment.Id));
        await Work.VerifyAsync(await CoordinatorAsync(), assignment.Id, await _db.VersionAsync(assignment.Id));

        var page = await Inbox.ListAsync(liaison, unreadOnly: false, page: 1, pageSize: 20);
        Assert.Equal([NotificationKinds.Verified, NotificationKinds.SentBack], page.Items.Select(m => m.Kind));
        Assert.Contains("缺少验收照片", page.Items[1].Body);
        Assert.All(page.Items, m => Assert.EndsWith($"/tasks/{assignment.TaskId}#a-{assignment.Id}", m.Link));
        Assert.Equal(2, await Inbox.CountUnreadAsync(liaison));

        var link = await Inbox.OpenAsync(liaison, page.Items[1].Id);

        Assert.Equal(page.Items[1].Link, link);
        Assert.Equal(1, await Inbox.CountUnreadAsync(liaison));
        var unread = await Inbox.ListAsync(liaison, unreadOnly: true, page: 1, pageSize: 20);
        Assert.Equal([NotificationKinds.Verified], unread.Items.Select(m => m.Kind));

        Assert.Equal(1, await Inbox.MarkAllReadAsync(liaison));
        Assert.Equal(0, await Inbox.CountUnreadAsync(liaison));
        Assert.All((await Inbox.ListAsync(liaison, false, 1, 20)).Items, m => Assert.True(m.IsRead));
    }

    [Fact]
    public async Task OnlyTheRecipientCanSeeOpenOrMarkAMessage()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var recipient = await ActorAsync(await UserAsync(AppRoles.Liaison, unitId: assignment.UnitId));
        var stranger = await ActorAsync(await UserAsync(AppRoles.Liaison, unitId: _db.OtherUnitId));
        var admin = await _db.ActorAsync(AppRoles.Admin);
        var id = await NotifyAsync([recipient.UserId], NotificationKinds.Urged, "催办：请于本周内报送进展", assignment);

        Assert.DoesNotContain(id, (await Inbox.ListAsync(stranger, false, 1, 200)).Items.Select(m => m.Id));
        Assert.DoesNotContain(id, (await Inbox.ListAsync(admin, false, 1, 200)).Items.Select(m => m.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Inbox.OpenAsync(stranger, id));
        await Assert.ThrowsAsync<NotFoundException>(() => Inbox.OpenAsync(admin, id));
        await Inbox.MarkAllReadAsync(stranger);
        await Inbox.MarkAllReadAsync(admin);

        Assert.Equal(1, await Inbox.CountUnreadAsync(recipient));
        Assert.Equal(0, await Inbox.CountUnreadAsync(stranger));
        Assert.Contains(id, (await Inbox.ListAsync(recipient, true, 1, 20)).Items.Select(m => m.Id));
    }

    [Fact]
    public async Task AnEmailWithTheChineseSubjectReachesTheSmtpServer()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var address = $"liaison-{Guid.NewGuid():N}@example.gov.cn";
        var liaison = await ActorAsync(await UserAsync(AppRoles.Liaison, unitId: assignment.UnitId, email: address));

        await SubmitAndSendBackAsync(assignment, liaison, "佐证材料不全，请补充现场照片");
        await Dispatcher.DispatchDueAsync();

        var mail = Assert.Single(_smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == address));
        Assert.Equal($"【退回】被退回：{await TaskTitleAsync(assignment)}", mail.Subject);
        Assert.Equal("airplan@example.gov.cn", mail.From.Mailboxes.Single().Address);
        Assert.Contains("佐证材料不全，请补充现场照片", mail.TextBody);
        Assert.Contains($"{PublicUrl}/plans/", mail.TextBody);
        await using var db = _db.CreateDbContext();
        var delivery = await db.NotificationDeliveries.SingleAsync(d => d.Target == address);
        Assert.NotNull(delivery.DeliveredAt);
        Assert.Equal(1, delivery.Attempts);
    }

    [Fact]
    public async Task EachRobotOfTheUnitReceivesOneMarkdownPostPerEventInItsOwnFormat()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var first = await ActorAsync(await UserAsync(AppRoles.Liaison, unitId: assignment.UnitId));
        await UserAsync(AppRoles.Liaison, unitId: assignment.UnitId);
        var coordinator = await CoordinatorAsync();
        var wecom = $"/cgi-bin/webhook/send-{Guid.NewGuid():N}";
        var dingtalk = $"/robot/send-{Guid.NewGuid():N}";
        var robots = new[]
        {
            await Deliveries.AddRobotAsync(coordinator, _db.MengjinRegionId,
                new RobotInput(DeliveryChannel.WeCom, "发改委工作群", _http.BaseUrl + wecom + "?key=abc", null, assignment.UnitId)),
            await Deliveries.AddRobotAsync(coordinator, _db.MengjinRegionId,
                new RobotInput(DeliveryChannel.DingTalk, "发改委钉钉群", _http.BaseUrl + dingtalk + "?access_token=xyz", "SECtest", assignment.UnitId)),
        };
        try
        {
            await SubmitAndSendBackAsync(assignment, first, "进度数据与现场不符");
            await Dispatcher.DispatchDueAsync();

            using var wecomBody = JsonDocument.Parse(Assert.Single(_http.BodiesAt(wecom)));
            Assert.Equal("markdown", wecomBody.RootElement.GetProperty("msgtype").GetString());
            var content = wecomBody.RootElement.GetProperty("markdown").GetProperty("content").GetString()!;
            Assert.Contains("【退回】", content);
            Assert.Contains("进度数据与现场不符", content);
            Assert.Contains($"]({PublicUrl}/plans/", content);

            var (_, query, body) = Assert.Single(_http.Received, r => r.Path == dingtalk);
            using var dingBody = JsonDocument.Parse(body);
            Assert.Equal("markdown", dingBody.RootElement.GetProperty("msgtype").GetString());
            Assert.Equal($"【退回】被退回：{await TaskTitleAsync(assignment)}", dingBody.RootElement.GetProperty("markdown").GetProperty("title").GetString());
            Assert.Contains("进度数据与现场不符", dingBody.RootElement.GetProperty("markdown").GetProperty("text").GetString());
            Assert.Contains("access_token=xyz&timestamp=", query);
            Assert.Contains("&sign=", query);
        }
        finally
        {
            foreach (var id in robots) await Deliveries.RemoveRobotAsync(coordinator, id);
        }
    }

    [Fact]
    public async Task ARegionsRobotReceivesWhatIsAddressedToTheRegionsCoordinators()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var coordinators = new[]
        {
            await UserAsync(AppRoles.Coordinator, regionId: _db.MengjinRegionId),
            await UserAsync(AppRoles.Coordinator, regionId: _db.MengjinRegionId),
        };
        var path = $"/cgi-bin/webhook/send-{Guid.NewGuid():N}";
        var robot = await Deliveries.AddRobotAsync(await CoordinatorAsync(), _db.MengjinRegionId,
            new RobotInput(DeliveryChannel.WeCom, "攻坚办督办群", _http.BaseUrl + path, null, UnitId: null));
        try
        {
            await NotifyAsync(coordinators.Select(c => c.Id), NotificationKinds.Escalated, "督办：逾期超过15天", assignment);
            await Dispatcher.DispatchDueAsync();

            Assert.Contains("【督办】督办：逾期超过15天", Assert.Single(_http.BodiesAt(path)));
        }
        finally
        {
            await Deliveries.RemoveRobotAsync(await CoordinatorAsync(), robot);
        }
    }

    [Fact]
    public async Task ARobotThatIsDownIsRetriedThenShownToAdminsAsFailedWhileTheSendBackItselfSucceeded()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var liaison = await ActorAsync(await UserAsync(AppRoles.Liaison, unitId: assignment.UnitId));
        var coordinator = await CoordinatorAsync();
        var admin = await _db.ActorAsync(AppRoles.Admin);
        var path = $"/cgi-bin/webhook/send-{Guid.NewGuid():N}";
        _http.Failing[path] = true;
        var robot = await Deliveries.AddRobotAsync(coordinator, _db.MengjinRegionId,
            new RobotInput(DeliveryChannel.WeCom, "故障的群", _http.BaseUrl + path, null, assignment.UnitId));
        var started = _db.Clock.Now;
        try
        {
            await SubmitAndSendBackAsync(assignment, liaison, "请补充说明");
            Assert.Equal(AssignmentStatus.InProgress, await _db.StatusAsync(assignment.Id));
            Assert.Equal(1, await Inbox.CountUnreadAsync(liaison));

            await Dispatcher.DispatchDueAsync();
            var afterFirst = await DeliveryToAsync(robot);
            Assert.Equal(1, afterFirst.Attempts);
            Assert.Contains("500", afterFirst.LastError);
            Assert.Null(afterFirst.FailedAt);
            Assert.Equal(_db.Clock.GetUtcNow() + DeliveryDispatcher.Backoff[0], afterFirst.NextAttemptAt);

            await Dispatcher.DispatchDueAsync();
            Assert.Single(_http.BodiesAt(path));

            _db.Clock.Now += DeliveryDispatcher.Backoff[0];
            await Dispatcher.DispatchDueAsync();
            _db.Clock.Now += DeliveryDispatcher.Backoff[1];
            await Dispatcher.DispatchDueAsync();

            Assert.Equal(3, _http.BodiesAt(path).Count());
            var failed = await DeliveryToAsync(robot);
            Assert.NotNull(failed.FailedAt);
            var shown = Assert.Single((await Deliveries.ListAsync(admin, DeliveryState.Failed, 1, 200)).Items, d => d.Id == failed.Id);
            Assert.Contains("500", shown.LastError);
            Assert.Equal(3, shown.Attempts);
            await Assert.ThrowsAsync<AccessDeniedException>(() => Deliveries.ListAsync(coordinator, DeliveryState.Failed, 1, 50));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Deliveries.ResendAsync(liaison, failed.Id));

            _http.Failing.TryRemove(path, out _);
            await Deliveries.ResendAsync(admin, failed.Id);
            await Dispatcher.DispatchDueAsync();

            Assert.Equal(4, _http.BodiesAt(path).Count());
            Assert.NotNull((await DeliveryToAsync(robot)).DeliveredAt);
        }
        finally
        {
            _db.Clock.Now = started;
            await Deliveries.RemoveRobotAsync(coordinator, robot);
        }
    }

    [Fact]
    public async Task TwoSendersSharingTheDatabaseSendEveryMessageExactlyOnce()
    {
        var assignment = await _db.FreshAssignmentAsync(withDeadline: true);
        var addresses = Enumerable.Range(0, 30).Select(i => $"many-{i}-{Guid.NewGuid():N}@example.gov.cn").ToList();
        var users = new List<AppUser>();
        foreach (var address in addresses) users.Add(await UserAsync(AppRoles.Liaison, email: address));
        await NotifyAsync(users.Select(u => u.Id), NotificationKinds.ReviewWaiting, "待核验提醒：已等待5天", assignment);
        // A second instance: its own dispatcher over the same database.
        var other = ActivatorUtilities.CreateInstance<DeliveryDispatcher>(_db.Host.Services);

        var sent = await Task.WhenAll(Dispatcher.DispatchDueAsync(), other.DispatchDueAsync());

        Assert.True(sent.Sum() >= addresses.Count);
        foreach (var address in addresses)
            Assert.Single(_smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == address));
    }

    private async Task SubmitAndSendBackAsync(Assignment assignment, UserContext liaison, string reason)
    {
        await _db.AddEvidenceAsync(assignment.Id);
        await Work.SubmitAsync(liaison, assignment.Id, await _db.VersionAsync(assignment.Id));
        await Work.SendBackAsync(await CoordinatorAsync(), assignment.Id, await _db.VersionAsync(assignment.Id), reason);
    }

    private Task<UserContext> CoordinatorAsync() => _db.ActorAsync(AppRoles.Coordinator, regionName: "孟津区");

    /// <summary>A real account (the recipients are read from the database), bound to a unit or a region.</summary>
    private async Task<AppUser> UserAsync(string role, int? unitId = null, int? regionId = null, string? email = null)
    {
        using var scope = _db.Host.Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"{role}-{Guid.NewGuid():N}"[..24], DisplayName = "测试 " + AppRoles.Title(role), Email = email };
        var created = await users.CreateAsync(user, SignIn.DemoPassword);
        Assert.True(created.Succeeded, string.Join("；", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        await using var db = _db.CreateDbContext();
        if (unitId is { } unit) db.UserUnits.Add(new UserUnit { UserId = user.Id, UnitId = unit });
        if (regionId is { } region) db.UserRegions.Add(new UserRegion { UserId = user.Id, RegionId = region });
        await db.SaveChangesAsync();
        return user;
    }

    private Task<UserContext> ActorAsync(AppUser user) => _db.Get<UserContextLoader>().LoadAsync(user.Id);

    /// <summary>A message the way every sender writes one (Notifier, in the change's own save); returns the first id.</summary>
    private async Task<long> NotifyAsync(IEnumerable<string> userIds, string kind, string title, Assignment assignment)
    {
        await using var db = _db.CreateDbContext();
        var planKey = await db.Tasks.Where(t => t.Id == assignment.TaskId).Select(t => t.Plan!.Key).SingleAsync();
        var sent = db.Notify(userIds, kind, title, "测试消息正文", Notifier.AssignmentLink(planKey, assignment.TaskId, assignment.Id),
            assignment.TaskId, assignment.Id, _db.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        return sent[0].Id;
    }

    private async Task<string> TaskTitleAsync(Assignment assignment)
    {
        await using var db = _db.CreateDbContext();
        return await db.Tasks.Where(t => t.Id == assignment.TaskId).Select(t => t.Title).SingleAsync();
    }

    private async Task<NotificationDelivery> DeliveryToAsync(int robotId)
    {
        await using var db = _db.CreateDbContext();
        return await db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.RobotId == robotId);
    }
}
