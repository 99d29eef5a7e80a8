using AirPlan.Web.Features.Evidence;

namespace AirPlan.Web.Tests.Features.Evidence;

public sealed class FileNameSanitizerTests
{
    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\Windows\\win.ini.pdf", "win.ini.pdf")]
    [InlineData("/var/tmp/现场照片.jpg", "现场照片.jpg")]
    [InlineData("C:\\Users\\李\\Desktop\\整改报告.docx", "整改报告.docx")]
    [InlineData("整改\u0000报告\r\n.pdf", "整改报告.pdf")]
    [InlineData("发票\u202Efdp.exe", "发票fdp.exe")]
    [InlineData("a<b>c:d\"e|f?g*h.pdf", "abcdefgh.pdf")]
    [InlineData("报告. . .", "报告")]
    [InlineData("..", "佐证材料")]
    [InlineData("", "佐证材料")]
    [InlineData(".pdf", "佐证材料.pdf")]
    [InlineData("CON.pdf", "佐证材料.pdf")]
    [InlineData("孟津区 2025 年 秋冬季 攻坚 台账.xlsx", "孟津区 2025 年 秋冬季 攻坚 台账.xlsx")]
    public void NamesLoseDirectoriesControlAndReservedCharactersButKeepChinese(string name, string expected)
    {
        Assert.Equal(expected, FileNameSanitizer.Sanitize(name));
    }

    [Fact]
    public void LongNamesAreCutTo100CharactersKeepingTheExtension()
    {
        var name = FileNameSanitizer.Sanitize(new string('报', 300) + ".pdf");

        Assert.Equal(100, name.Length);
        Assert.EndsWith("报.pdf", name);
    }

    [Theory]
    [InlineData("photo.png", "photo.jpg")]
    [InlineData("photo.JPEG", "photo.jpeg")]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("2025.10.31现场", "2025.10.31现场.jpg")]
    [InlineData("现场照片", "现场照片.jpg")]
    public void TheExtensionFollowsTheDetectedType(string name, string expected)
    {
        Assert.Equal(expected, FileNameSanitizer.WithExtension(name, FileKind.Jpeg));
    }
}
