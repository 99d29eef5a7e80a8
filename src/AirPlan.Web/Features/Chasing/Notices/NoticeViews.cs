using AirPlan.Core.Domain;

namespace AirPlan.Web.Features.Chasing.Notices;

/// <summary>What a coordinator fills in to issue 督办单s: one per assignment, all with the same dates and requirements.</summary>
public sealed record NoticeInput(IReadOnlyList<int> AssignmentIds, DateOnly RequiredBy, DateOnly ReplyBy, string Requirements);

/// <summary>A file sent with a reply, as the browser or a test hands it over.</summary>
public sealed record NoticeUpload(string FileName, Stream Content, long? Size);

/// <summary>One 督办单 as lists show it.</summary>
public sealed record NoticeRow(int Id, string DocumentNumber, int RegionId, string PlanKey, int TaskId, int AssignmentId, int UnitId,
    string TaskTitle, string UnitName, DateOnly OriginalDeadline, int DaysOverdue, DateOnly RequiredBy, DateOnly ReplyBy,
    DateOnly IssuedOn, NoticeStatus Status, DateTimeOffset? RepliedAt)
{
    public string StatusTitle => SupervisionNotice.TitleOf(Status);
    public string Url => NoticeEndpoints.PageFor(Id);
    public string DocumentUrl => NoticeEndpoints.DocumentFor(Id);
}

/// <summary>A 督办单 with its text, reply and files, and whether the reader may reply.</summary>
public sealed record NoticeDetail(NoticeRow Row, string PlanTitle, string Requirements, string ReplyRequirement, string IssuingOffice,
    string IssuedByName, string? ReplyText, string? RepliedByName, IReadOnlyList<NoticeFileView> Files, bool CanReply);

public sealed record NoticeFileView(int Id, string FileName, long Size)
{
    public string Url => NoticeEndpoints.ReplyFileFor(Id);
}

/// <summary>An overdue assignment a coordinator may issue a 督办单 for; <see cref="OpenNotice"/> names one still awaiting reply.</summary>
public sealed record NoticeCandidate(int AssignmentId, int TaskId, string PlanKey, string TaskTitle, string UnitName,
    DateOnly FirstMissedDue, int DaysOverdue, string? OpenNotice);

/// <summary>A file to download: the issued document or a reply's attachment.</summary>
public sealed record NoticeFile(Stream Content, string FileName, string ContentType) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
