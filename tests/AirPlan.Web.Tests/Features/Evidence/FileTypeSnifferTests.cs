using AirPlan.Web.Features.Evidence;

namespace AirPlan.Web.Tests.Features.Evidence;

public sealed class FileTypeSnifferTests
{
    public static TheoryData<string, string> Accepted => new()
    {
        { "pdf", "application/pdf" },
        { "jpeg", "image/jpeg" },
        { "png", "image/png" },
        { "doc", "application/msword" },
        { "xls", "application/vnd.ms-excel" },
        { "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { "zip", "application/zip" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void EachAllowedTypeIsRecognisedFromItsBytesWhateverItsName(string sample, string contentType)
    {
        var kind = FileTypeSniffer.Detect(new MemoryStream(Bytes(sample)), "无扩展名");

        Assert.NotNull(kind);
        Assert.Equal(contentType, kind.ContentType);
    }

    [Theory]
    [InlineData("exe")]
    [InlineData("html")]
    [InlineData("ole-other")]
    [InlineData("text")]
    [InlineData("broken-zip")]
    [InlineData("empty")]
    public void AnythingElseIsRefusedEvenWithAnAllowedName(string sample)
    {
        Assert.Null(FileTypeSniffer.Detect(new MemoryStream(Bytes(sample)), "报告.pdf"));
    }

    [Fact]
    public void APdfHeaderAfterAFewStrayBytesIsStillAPdf()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF, (byte)'\n' }.Concat(Samples.Pdf()).ToArray();

        Assert.Equal(FileKind.Pdf, FileTypeSniffer.Detect(new MemoryStream(bytes)));
    }

    private static byte[] Bytes(string sample) => sample switch
    {
        "pdf" => Samples.Pdf(),
        "jpeg" => Samples.Jpeg(),
        "png" => Samples.Png(),
        "doc" => Samples.Doc(),
        "xls" => Samples.Xls(),
        "docx" => Samples.Docx(),
        "xlsx" => Samples.Xlsx(),
        "zip" => Samples.PlainZip(),
        "exe" => Samples.Exe(),
        "html" => Samples.Html(),
        "ole-other" => Samples.OtherOle(),
        "text" => "会议纪要：已完成"u8.ToArray(),
        "broken-zip" => [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5],
        "empty" => [],
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };
}
