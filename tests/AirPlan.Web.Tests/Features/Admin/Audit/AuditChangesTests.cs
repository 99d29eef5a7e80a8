using AirPlan.Core.Formatting;
using AirPlan.Web.Features.Admin.Audit;

namespace AirPlan.Web.Tests.Features.Admin.Audit;

public sealed class AuditChangesTests
{
    [Fact]
    public void AStatusChangeReadsAsChineseFieldsWithOldAndNewValues()
    {
        var changes = AuditChanges.Of(
            """{"Status":"Submitted","SubmittedAt":"2025-10-05T02:00:00+00:00","CompletedAt":null,"SendBackReason":null}""",
            """{"Status":"InProgress","SubmittedAt":"2025-10-05T02:00:00+00:00","CompletedAt":null,"SendBackReason":"请补充现场照片"}""");

        Assert.Equal(["状态：已提交待核验 → 推进中", "退回原因：— → 请补充现场照片"],
            changes.Select(AuditChanges.Line).ToArray());
    }

    [Fact]
    public void TimesAreShownAsPeopleReadThemAndUnknownFieldsKeepTheirName()
    {
        var changes = AuditChanges.Of(null, """{"SubmittedAt":"2025-10-05T02:00:00+00:00","IsContinuous":true,"Extra":"x"}""");

        Assert.Equal([
            $"提交时间：{ChineseDate.Format(DateTimeOffset.Parse("2025-10-05T02:00:00+00:00"))}",
            "持续推进：是",
            "Extra：x",
        ], changes.Select(AuditChanges.Line).ToArray());
        Assert.DoesNotContain(changes, c => c.After!.Contains('T') && c.After.Contains("2025-10-05"));
    }

    [Fact]
    public void ADateOnlyValueAndAListReadAsChinese() =>
        Assert.Equal(["完成时限：2025年9月30日", "单位：区发展改革委、区工信局"],
            AuditChanges.Of(null, """{"DueOn":"2025-09-30","Units":["区发展改革委","区工信局"]}""").Select(AuditChanges.Line).ToArray());

    [Fact]
    public void UnchangedFieldsAreLeftOut() =>
        Assert.Empty(AuditChanges.Of("""{"Title":"甲"}""", """{"Title":"甲"}"""));
}
