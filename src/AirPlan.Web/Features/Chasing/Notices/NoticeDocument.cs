using AirPlan.Core.Domain;
using AirPlan.Core.Formatting;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Web.Features.Chasing.Notices;

/// <summary>
/// The 督办通知单 as a Word document: title, 文号, addressee, one short paragraph, the body table (task, unit, original deadline,
/// days overdue, required completion, requirements, reply), 落款 and date. Sized to stay on one A4 page with a task title and
/// requirements at their length limits (a test holds the longest case to the page's line budget).
/// </summary>
public static class NoticeDocument
{
    public const string Title = "督办通知单";

    public static byte[] Write(SupervisionNotice notice)
    {
        using var doc = new OfficialDocx();
        doc.SetTitle($"{Title} {notice.DocumentNumber}", notice.IssuingOffice);
        doc.Title(Title, spaceAfterTwips: 120);
        doc.Line(notice.DocumentNumber, JustificationValues.Center, after: 120);
        doc.Line($"{notice.UnitName}：", JustificationValues.Left);
        doc.Paragraph($"根据《{notice.PlanTitle}》任务台账，你单位承担的下列任务已超过完成时限，现予督办。请高度重视，"
                      + $"于{ChineseDate.Format(notice.RequiredBy)}前完成，并按要求书面反馈落实情况。", after: 160);
        doc.Table(
        [
            ["督办事项", notice.TaskTitle],
            ["责任单位", notice.UnitName],
            ["原定完成时限", ChineseDate.Format(notice.OriginalDeadline)],
            ["逾期天数", $"{notice.DaysOverdue}天（截至{ChineseDate.Format(notice.IssuedOn)}）"],
            ["限期完成时间", $"{ChineseDate.Format(notice.RequiredBy)}前"],
            ["督办要求", notice.Requirements],
            ["反馈要求", ReplyRequirement(notice)],
        ], [26, 74], header: false, size: Long(notice) ? OfficialDocx.SizeSmall4 : OfficialDocx.Size4, minRowHeightTwips: 500);
        doc.Blank();
        doc.Line(notice.IssuingOffice, JustificationValues.Right, rightIndentChars: 2);
        doc.Line(ChineseDate.Format(notice.IssuedOn), JustificationValues.Right, rightIndentChars: 4);
        doc.Blank(OfficialDocx.SizeSmall4);
        doc.Line($"（联系人：{notice.IssuedByName}）", JustificationValues.Left, OfficialDocx.SizeSmall4);
        return doc.ToBytes();
    }

    /// <summary>Past about four lines each of task and requirements, 四号 would push the 落款 onto a second page.</summary>
    private static bool Long(SupervisionNotice notice) => notice.TaskTitle.Length + notice.Requirements.Length > 160;

    /// <summary>What the unit must send back, by when and how (printed, and shown on the notice's page).</summary>
    public static string ReplyRequirement(SupervisionNotice notice) =>
        $"请于{ChineseDate.Format(notice.ReplyBy)}前将整改落实情况书面反馈（说明完成情况、存在问题和下步措施，附佐证材料），"
        + "在AirPlan“督办单”中提交。";
}
