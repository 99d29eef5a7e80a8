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
        { "ofd", "application/ofd" },
        { "rar", "application/vnd.rar" },
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
    [InlineData("exe-with-pdf-header")]
    [InlineData("html-with-pdf-comment")]
    public void AnythingElseIsRefusedEvenWithAnAllowedName(string sample)
    {
        Assert.Null(FileTypeSniffer.Detect(new MemoryStream(Bytes(sample)), "报告.pdf"));
    }

    [Fact]
    public void APdfMustStartWithItsHeader()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF, (byte)'\n' }.Concat(Samples.Pdf()).ToArray();

        Assert.Null(FileTypeSniffer.Detect(new MemoryStream(bytes), "报告.pdf"));
        Assert.Null(FileTypeSniffer.Detect(new MemoryStream(Samples.ExeWithPdfHeader()), "报告.pdf"));
    }

    [Theory]
    [InlineData("doc", "通知.wps", ".wps")]
    [InlineData("docx", "通知.wps", ".wps")]
    [InlineData("xls", "台账.et", ".et")]
    [InlineData("xlsx", "台账.et", ".et")]
    [InlineData("doc", "通知.doc", ".doc")]
    [InlineData("ofd", "批复.ofd", ".ofd")]
    [InlineData("rar", "照片.rar", ".rar")]
    public void WpsAndEtAreWordAndExcelCompatibleContentUnderTheirOwnNames(string sample, string name, string extension)
    {
        Assert.Equal(extension, FileTypeSniffer.Detect(new MemoryStream(Bytes(sample)), name)?.Extension);
    }

    [Fact]
    public void TheFilePickerOffersEveryAcceptedKindAndTheRefusalNamesThem()
    {
        var offered = FileTypeSniffer.Accept.Split(',');

        Assert.All(FileKind.All, kind => Assert.Contains(kind.Extension, offered));
        Assert.Subset(offered.ToHashSet(), new HashSet<string> { ".wps", ".et", ".ofd", ".rar", ".jpeg" });
        foreach (var name in new[] { "WPS/ET", "OFD", "RAR" })
        {
            Assert.Contains(name, FileTypeSniffer.Formats);
            Assert.Contains(name, FileTypeSniffer.UnsupportedMessage);
        }
    }

    [Theory]
    [InlineData("zip", "通知.wps")]
    [InlineData("pdf", "台账.et")]
    [InlineData("doc", "批复.ofd")]
    [InlineData("zip", "照片.rar")]
    public void AnOfficeExtensionCannotMakeOtherContentThatKind(string sample, string name)
    {
        var kind = FileTypeSniffer.Detect(new MemoryStream(Bytes(sample)), name);

        Assert.False(kind?.Accepts(Path.GetExtension(name)) ?? false);
    }

    [Theory]
    [InlineData("pdf", "application/pdf", true)]
    [InlineData("png", "image/png", true)]
    [InlineData("exe-with-pdf-header", "application/pdf", false)]
    [InlineData("html-with-pdf-comment", "application/pdf", false)]
    [InlineData("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false)]
    public void OnlyBytesThatStartAsAnImageOrPdfMayBeShownInline(string sample, string contentType, bool inline)
    {
        Assert.Equal(inline, FileTypeSniffer.StartsAs(new MemoryStream(Bytes(sample)), contentType));
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
        "ofd" => Samples.Ofd(),
        "rar" => Samples.Rar(),
        "exe-with-pdf-header" => Samples.ExeWithPdfHeader(),
        "html-with-pdf-comment" => Samples.HtmlWithPdfComment(),
        "exe" => Samples.Exe(),
        "html" => Samples.Html(),
        "ole-other" => Samples.OtherOle(),
        "text" => "会议纪要：已完成"u8.ToArray(),
        "broken-zip" => [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5],
        "empty" => [],
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };
}
