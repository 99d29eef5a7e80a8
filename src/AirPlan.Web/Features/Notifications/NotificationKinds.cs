namespace AirPlan.Web.Features.Notifications;

/// <summary>What a message is about; stored as text so a new kind needs no migration. Titles are what the 消息 page shows.</summary>
public static class NotificationKinds
{
    /// <summary>退回 — a submission was sent back with a reason.</summary>
    public const string SentBack = "sent-back";
    /// <summary>核验通过</summary>
    public const string Verified = "verified";
    /// <summary>临期提醒 — a checkpoint falls due within the plan's reminder window.</summary>
    public const string DueSoon = "due-soon";
    /// <summary>逾期催办 — the first overdue day.</summary>
    public const string Overdue = "overdue";
    /// <summary>督办 — overdue past the escalation threshold, to the region's coordinators.</summary>
    public const string Escalated = "escalated";
    /// <summary>未按期报送 — a periodic report not filed after its period closed.</summary>
    public const string ReportMissing = "report-missing";
    /// <summary>待核验提醒 — a submission has waited for review too long.</summary>
    public const string ReviewWaiting = "review-waiting";
    /// <summary>催办 by a coordinator, with a message.</summary>
    public const string Urged = "urged";
    /// <summary>督办单 issued to the unit.</summary>
    public const string NoticeIssued = "notice-issued";
    /// <summary>督办单 answered (反馈), to the issuing office.</summary>
    public const string NoticeReplied = "notice-replied";
    /// <summary>督办单 unanswered past its reply date.</summary>
    public const string NoticeOverdue = "notice-overdue";

    public static string Title(string kind) => kind switch
    {
        SentBack => "退回",
        Verified => "核验通过",
        DueSoon => "临期提醒",
        Overdue => "逾期催办",
        Escalated => "督办",
        ReportMissing => "未按期报送",
        ReviewWaiting => "待核验提醒",
        Urged => "催办",
        NoticeIssued => "督办单",
        NoticeReplied => "督办单反馈",
        NoticeOverdue => "督办单逾期未反馈",
        _ => "消息",
    };
}
