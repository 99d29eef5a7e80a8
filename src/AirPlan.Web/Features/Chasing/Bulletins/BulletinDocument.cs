using AirPlan.Core.Formatting;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AirPlan.Web.Features.Chasing.Bulletins;

/// <summary>
/// The 通报 as a Word document: title, addressee, the headline sentence leaders quote, then 一、总体情况 (figures table),
/// 二、部门排名, 三、乡镇（街道）排名, 四、逾期任务 and 五、下步要求, 落款 and date. Prints the figures of <see cref="BulletinData"/>
/// as they are; it counts nothing.
/// </summary>
public static class BulletinDocument
{
    public static byte[] Write(BulletinData data)
    {
        using var doc = new OfficialDocx();
        doc.SetTitle(data.Title, data.Office);
        doc.Title(data.Title);
        doc.Line("各有关单位：", JustificationValues.Left);
        var t = data.Tasks;
        doc.Paragraph($"截至{ChineseDate.Format(data.AsOf)}，{data.Subject}共有任务{t.Tasks}项，其中已完成{t.Completed}项"
                      + (data.CompletedOnTime is { } onTime && data.CompletedLate is { } late ? $"（按期完成{onTime}项、逾期完成{late}项）" : "")
                      + $"，持续推进{t.Continuous}项，推进中{t.InProgress}项，已提交待核验{t.AwaitingReview}项，未启动{t.NotStarted}项；"
                      + $"逾期任务{t.Overdue}项，任务完成率{t.PercentDone}%。现将有关情况通报如下：");

        doc.Heading("一、总体情况");
        var a = data.Assignments;
        doc.Table(
        [
            ["", "总数", "已完成", "推进中", "待核验", "未启动", "持续推进", "逾期", "完成率"],
            ["任务（项）", $"{t.Tasks}", $"{t.Completed}", $"{t.InProgress}", $"{t.AwaitingReview}", $"{t.NotStarted}", $"{t.Continuous}", $"{t.Overdue}", $"{t.PercentDone}%"],
            ["责任分工（条）", $"{a.Assignments}", $"{a.Completed}", $"{a.InProgress}", $"{a.Submitted}", $"{a.NotStarted}", $"{a.Continuous}", $"{a.Overdue}", $"{a.PercentDone}%"],
        ], [17, 9, 9, 9, 9, 9, 11, 8, 10], header: true, size: OfficialDocx.Size5, align: Centered(9));

        doc.Heading("二、牵头部门排名");
        doc.Paragraph("按牵头责任分工完成率由高到低排列，完成率相同的逾期少者在前。", OfficialDocx.Size4);
        RankTable(doc, data.Departments, "部门");

        doc.Heading("三、乡镇（街道）排名");
        RankTable(doc, data.Townships, "乡镇（街道）");

        doc.Heading("四、逾期任务");
        if (data.Overdue.Count == 0)
        {
            doc.Paragraph("截至通报日期，无逾期任务。");
        }
        else
        {
            if (data.OverdueTotal > data.Overdue.Count)
                doc.Paragraph($"逾期任务共{data.OverdueTotal}项，以下列出逾期时间最长的{data.Overdue.Count}项。", OfficialDocx.Size4);
            doc.Table([["序号", "任务", "逾期单位", "原定时限", "逾期天数"],
                .. data.Overdue.Select((o, i) => (IReadOnlyList<string>)[$"{i + 1}", o.Task, o.Units, ChineseDate.Format(o.FirstMissedDue), $"{o.DaysOverdue}天"])],
                [7, 45, 24, 14, 10], header: true, size: OfficialDocx.Size5,
                align: [JustificationValues.Center, JustificationValues.Left, JustificationValues.Left, JustificationValues.Center, JustificationValues.Center]);
        }

        doc.Heading("五、下步要求");
        doc.Paragraph("各有关单位要对照任务台账，逐项分析逾期原因，明确整改措施和完成时限，按要求报送进展情况和佐证材料；"
                      + "对逾期任务将下发督办单跟踪督办，对整改不力的单位予以通报批评。");
        doc.Blank();
        doc.Line(data.Office, JustificationValues.Right, rightIndentChars: 2);
        doc.Line(ChineseDate.Format(data.IssuedOn), JustificationValues.Right, rightIndentChars: 4);
        return doc.ToBytes();
    }

    private static void RankTable(OfficialDocx doc, IReadOnlyList<BulletinRank> rows, string what)
    {
        if (rows.Count == 0)
        {
            doc.Paragraph($"本期无{what}责任分工。", OfficialDocx.Size4);
            return;
        }
        doc.Table([["名次", what, "责任分工", "已完成", "逾期", "完成率"],
            .. rows.Select(r => (IReadOnlyList<string>)[$"{r.Rank}", r.Name, $"{r.Assignments}", $"{r.Completed}", $"{r.Overdue}", $"{r.PercentDone}%"])],
            [8, 40, 13, 13, 13, 13], header: true, size: OfficialDocx.Size5,
            align: [JustificationValues.Center, JustificationValues.Left, .. Centered(4)]);
    }

    private static JustificationValues[] Centered(int n) => Enumerable.Repeat(JustificationValues.Center, n).ToArray();
}
