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
    public void ATownshipCorrectionReadsAsChineseAndAnEmptyListAsADash() =>
        Assert.Equal(["落实乡镇（街道）：全部乡镇（街道） → 无", "乡镇（街道）：14个 → —"],
            AuditChanges.Of("""{"LeadUnits":"区发展改革委","TownshipScope":"全部乡镇（街道）","Townships":"14个"}""",
                """{"LeadUnits":"区发展改革委","TownshipScope":"无","Townships":""}""").Select(AuditChanges.Line).ToArray());

    [Fact]
    public void FilesListedInAValueReadAsChineseFieldsNotAsJson()
    {
        var line = AuditChanges.Line(Assert.Single(AuditChanges.Of(null,
            """{"Files":[{"FileName":"整改报告.pdf","Size":1234,"Sha256":"ab12"},{"FileName":"照片.jpg","Size":99,"Sha256":"cd34"}]}""")));

        Assert.Equal("附件：文件名：整改报告.pdf，大小：1234，文件指纹：ab12、文件名：照片.jpg，大小：99，文件指纹：cd34", line);
        Assert.DoesNotContain("{", line);
    }

    [Fact]
    public void UnchangedFieldsAreLeftOut() =>
        Assert.Empty(AuditChanges.Of("""{"Title":"甲"}""", """{"Title":"甲"}"""));
}
