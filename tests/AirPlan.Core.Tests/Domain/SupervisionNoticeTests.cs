using AirPlan.Core.Domain;

namespace AirPlan.Core.Tests.Domain;

public sealed class SupervisionNoticeTests
{
    private static readonly DateOnly Issued = new(2025, 10, 8);

    private static SupervisionNotice Notice(int daysOverdue = 30) => new(1, 2025, 3, "孟环督〔2025〕3号", 1, 2, 3, 4, "方案", "（一）任务",
        "区发展改革委", Issued.AddDays(-daysOverdue), daysOverdue, Issued.AddDays(15), Issued.AddDays(7), "按期完成", "办公室", Issued,
        new DateTimeOffset(2025, 10, 8, 10, 0, 0, TimeSpan.FromHours(8)), "u1", "督办员");

    [Fact]
    public void WorkThatIsNotOverdueCannotBeSupervised() => Assert.Throws<DomainException>(() => Notice(daysOverdue: 0));

    [Fact]
    public void AReplyClosesTheNoticeOnceOnly()
    {
        var notice = Notice();
        notice.Reply("已完成", [], "u2", "联络员", DateTimeOffset.Now);
        Assert.Equal(NoticeStatus.Replied, notice.Status);
        Assert.Throws<DomainException>(() => notice.Reply("再次", [], "u2", "联络员", DateTimeOffset.Now));
    }

    [Fact]
    public void AnEmptyReplyIsRefused() => Assert.Throws<DomainException>(() => Notice().Reply("  ", [], "u2", "联络员", DateTimeOffset.Now));

    [Fact]
    public void ANoticeIsMarkedUnansweredOnlyAfterItsReplyDateAndOnlyOnce()
    {
        var notice = Notice();
        Assert.False(notice.MarkReplyOverdue(notice.ReplyBy, DateTimeOffset.Now));
        Assert.True(notice.MarkReplyOverdue(notice.ReplyBy.AddDays(1), DateTimeOffset.Now));
        Assert.Equal(NoticeStatus.ReplyOverdue, notice.Status);
        Assert.False(notice.MarkReplyOverdue(notice.ReplyBy.AddDays(2), DateTimeOffset.Now));
        notice.Reply("逾期反馈", [], "u2", "联络员", DateTimeOffset.Now);
        Assert.Equal(NoticeStatus.Replied, notice.Status);
    }
}
