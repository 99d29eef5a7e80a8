namespace AirPlan.Core.Domain;

/// <summary>
/// 督办单: a numbered notice from a region's office to a unit about one overdue assignment. What it says (task, unit, original
/// deadline, days overdue, dates, office) is frozen when it is issued, as on paper; only the reply and the escalation change it.
/// </summary>
public class SupervisionNotice
{
    public int Id { get; private set; }
    /// <summary>The plan's region: its coordinators issue, its office signs, its counter numbers.</summary>
    public int RegionId { get; private set; }
    public int Year { get; private set; }
    /// <summary>Sequence number within region and year (the 12 of 孟环督〔2025〕12号).</summary>
    public int Number { get; private set; }
    /// <summary>文号 as printed, e.g. 孟环督〔2025〕12号.</summary>
    public string DocumentNumber { get; private set; } = "";
    public int PlanId { get; private set; }
    public int TaskId { get; private set; }
    public int AssignmentId { get; private set; }
    public int UnitId { get; private set; }
    public string PlanTitle { get; private set; } = "";
    /// <summary>The task as the plan numbers it, e.g. “（三）推进重点行业超低排放改造”.</summary>
    public string TaskTitle { get; private set; } = "";
    public string UnitName { get; private set; } = "";
    /// <summary>原定完成时限: the earliest missed checkpoint on the issue date (the status engine's first_missed_due).</summary>
    public DateOnly OriginalDeadline { get; private set; }
    /// <summary>逾期天数 on the issue date.</summary>
    public int DaysOverdue { get; private set; }
    /// <summary>限期完成: the date the unit must finish by.</summary>
    public DateOnly RequiredBy { get; private set; }
    /// <summary>反馈期限: the date the written reply is due.</summary>
    public DateOnly ReplyBy { get; private set; }
    /// <summary>督办要求 (what the office asks for besides finishing).</summary>
    public string Requirements { get; private set; } = "";
    /// <summary>落款: the issuing office, e.g. 洛阳市生态环境局孟津分局.</summary>
    public string IssuingOffice { get; private set; } = "";
    public DateOnly IssuedOn { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    public string IssuedById { get; private set; } = "";
    public string IssuedByName { get; private set; } = "";
    public NoticeStatus Status { get; private set; }
    public string? ReplyText { get; private set; }
    public DateTimeOffset? RepliedAt { get; private set; }
    public string? RepliedById { get; private set; }
    public string? RepliedByName { get; private set; }
    /// <summary>When it was marked 逾期未反馈 and the office told (once).</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }
    public List<NoticeReplyFile> ReplyFiles { get; private set; } = [];
    public uint Version { get; private set; }

    private SupervisionNotice() { }

    public SupervisionNotice(int regionId, int year, int number, string documentNumber, int planId, int taskId, int assignmentId,
        int unitId, string planTitle, string taskTitle, string unitName, DateOnly originalDeadline, int daysOverdue, DateOnly requiredBy,
        DateOnly replyBy, string requirements, string issuingOffice, DateOnly issuedOn, DateTimeOffset issuedAt, string issuedById,
        string issuedByName)
    {
        if (number < 1) throw new ArgumentOutOfRangeException(nameof(number));
        if (daysOverdue < 1) throw new DomainException($"{unitName}的该项任务未逾期，不能下发督办单");
        if (requiredBy < issuedOn) throw new DomainException("限期完成日期不能早于下发日期");
        if (replyBy < issuedOn) throw new DomainException("反馈期限不能早于下发日期");
        requirements = requirements.Trim();
        if (requirements.Length == 0) throw new DomainException("请填写督办要求");
        FieldLimits.Check(requirements, RequirementsMaxLength, "督办要求");
        RegionId = regionId;
        Year = year;
        Number = number;
        DocumentNumber = documentNumber;
        PlanId = planId;
        TaskId = taskId;
        AssignmentId = assignmentId;
        UnitId = unitId;
        PlanTitle = planTitle;
        TaskTitle = taskTitle;
        UnitName = unitName;
        OriginalDeadline = originalDeadline;
        DaysOverdue = daysOverdue;
        RequiredBy = requiredBy;
        ReplyBy = replyBy;
        Requirements = requirements;
        IssuingOffice = issuingOffice;
        IssuedOn = issuedOn;
        IssuedAt = issuedAt;
        IssuedById = issuedById;
        IssuedByName = issuedByName;
        Status = NoticeStatus.AwaitingReply;
    }

    public const int RequirementsMaxLength = 1000;
    public const int ReplyMaxLength = 4000;

    /// <summary>The unit's written 反馈 closes the notice, late or not; a notice is answered once.</summary>
    public void Reply(string text, IEnumerable<NoticeReplyFile> files, string userId, string userName, DateTimeOffset at)
    {
        if (Status == NoticeStatus.Replied) throw new DomainException("该督办单已反馈，不能重复反馈");
        text = text.Trim();
        if (text.Length == 0) throw new DomainException("请填写反馈内容");
        FieldLimits.Check(text, ReplyMaxLength, "反馈内容");
        ReplyText = text;
        ReplyFiles.AddRange(files);
        RepliedAt = at;
        RepliedById = userId;
        RepliedByName = userName;
        Status = NoticeStatus.Replied;
    }

    /// <summary>Unanswered after <see cref="ReplyBy"/>: 逾期未反馈, once. False when there is nothing to mark.</summary>
    public bool MarkReplyOverdue(DateOnly today, DateTimeOffset at)
    {
        if (Status != NoticeStatus.AwaitingReply || today <= ReplyBy) return false;
        Status = NoticeStatus.ReplyOverdue;
        EscalatedAt = at;
        return true;
    }

    /// <summary>How the offices name each state.</summary>
    public static string TitleOf(NoticeStatus status) => status switch
    {
        NoticeStatus.AwaitingReply => "待反馈",
        NoticeStatus.Replied => "已反馈",
        NoticeStatus.ReplyOverdue => "逾期未反馈",
        _ => status.ToString(),
    };
}

public enum NoticeStatus
{
    /// <summary>待反馈</summary>
    AwaitingReply,
    /// <summary>已反馈 (closed)</summary>
    Replied,
    /// <summary>逾期未反馈 (escalated to the office; a reply still closes it)</summary>
    ReplyOverdue,
}

/// <summary>A file attached to a 督办单's reply; the bytes live in the evidence file store under their SHA-256.</summary>
public class NoticeReplyFile
{
    public int Id { get; private set; }
    public int NoticeId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";

    private NoticeReplyFile() { }

    public NoticeReplyFile(string fileName, string contentType, long size, string sha256)
    {
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
    }
}
