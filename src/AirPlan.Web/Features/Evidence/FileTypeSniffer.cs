using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace AirPlan.Web.Features.Evidence;

/// <summary>A file type recognised from the bytes: the MIME type we serve it with, the extension it gets, and its name for people.</summary>
public sealed record FileKind(string ContentType, string Extension, string Label)
{
    public static readonly FileKind Pdf = new("application/pdf", ".pdf", "PDF");
    public static readonly FileKind Jpeg = new("image/jpeg", ".jpg", "JPG 图片");
    public static readonly FileKind Png = new("image/png", ".png", "PNG 图片");
    public static readonly FileKind Doc = new("application/msword", ".doc", "Word 97-2003 文档");
    public static readonly FileKind Xls = new("application/vnd.ms-excel", ".xls", "Excel 97-2003 工作簿");
    public static readonly FileKind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word 文档");
    public static readonly FileKind Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel 工作簿");
    public static readonly FileKind Zip = new("application/zip", ".zip", "ZIP 压缩包");
    /// <summary>WPS 文字 and WPS 表格 save Word/Excel-compatible files (OLE compound or OOXML zip) under their own extensions.</summary>
    public static readonly FileKind Wps = new("application/kswps", ".wps", "WPS 文字文档");
    public static readonly FileKind Et = new("application/kset", ".et", "WPS 表格");
    /// <summary>版式文档 (GB/T 33190): a zip with OFD.xml at its root.</summary>
    public static readonly FileKind Ofd = new("application/ofd", ".ofd", "OFD 版式文档");
    public static readonly FileKind Rar = new("application/vnd.rar", ".rar", "RAR 压缩包");

    public static readonly IReadOnlyList<FileKind> All = [Pdf, Jpeg, Png, Doc, Xls, Docx, Xlsx, Zip, Wps, Et, Ofd, Rar];

    /// <summary>Shown in the browser rather than saved: images and PDF (and only once the stored bytes are checked again, see the download).</summary>
    public static bool IsInline(string contentType) => contentType is "application/pdf" or "image/jpeg" or "image/png";

    /// <summary>Other spellings of this kind's extension that a name may keep (.jpeg for JPEG).</summary>
    public bool Accepts(string extension) =>
        extension.Equals(Extension, StringComparison.OrdinalIgnoreCase)
        || (this == Jpeg && extension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Decides a file's type from its content (magic bytes, and the inside of ZIP and OLE containers), never from its name:
/// a renamed program or web page is refused whatever it is called.
/// </summary>
public static class FileTypeSniffer
{
    /// <summary>The accepted kinds as people name them: the upload's caption and the refusal say the same.</summary>
    public const string Formats = "PDF、OFD、JPG、PNG、DOC/DOCX、XLS/XLSX、WPS/ET、ZIP、RAR";

    public const string UnsupportedMessage = $"文件类型不受支持：仅允许 {Formats}（根据文件内容判断，而非扩展名）";

    /// <summary>
    /// The file picker's filter: every accepted kind's extension, so a .wps, .et, .ofd or .rar is offered like a .pdf (the
    /// content is still what decides, after the upload).
    /// </summary>
    public static readonly string Accept = string.Join(",", FileKind.All.Select(k => k.Extension).Append(".jpeg"));

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    /// <summary>RAR 4 (Rar!␚␇␀) and RAR 5 (Rar!␚␇␁␀) share these six bytes.</summary>
    private static readonly byte[] RarMagic = [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07];

    /// <summary>
    /// The name's extension picks among the kinds the content allows (a Word-compatible file named .wps is a WPS document), never
    /// against it: a name cannot turn other content into an allowed kind.
    /// </summary>
    private static FileKind ByName(FileKind content, string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "");
        if ((content == FileKind.Doc || content == FileKind.Docx) && FileKind.Wps.Accepts(extension)) return FileKind.Wps;
        if ((content == FileKind.Xls || content == FileKind.Xlsx) && FileKind.Et.Accepts(extension)) return FileKind.Et;
        return content;
    }

    /// <summary>The kind of a seekable stream's content, or null when it is not one we accept. The name is only a hint for encrypted OLE files.</summary>
    public static FileKind? Detect(Stream content, string? fileName = null)
    {
        content.Position = 0;
        var head = new byte[1024];
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, length);

        if (span.StartsWith(PngMagic)) return FileKind.Png;
        if (span.StartsWith(JpegMagic)) return FileKind.Jpeg;
        // At offset 0 only. PDF readers tolerate the header anywhere in the first 1 KB, and so did we: a program (MZ…) or a web
        // page with "%PDF-" in a comment was then stored and served inline as a PDF.
        if (span.StartsWith(PdfMagic)) return FileKind.Pdf;
        if (span.StartsWith(RarMagic)) return FileKind.Rar;
        if (span.StartsWith(ZipMagic)) return DetectZip(content) is { } zip ? ByName(zip, fileName) : null;
        if (span.StartsWith(OleMagic)) return DetectOle(content, fileName) is { } ole ? ByName(ole, fileName) : null;
        return null;
    }

    /// <summary>
    /// Whether stored bytes still start as a file of this content type says: the download shows images and PDF inline only then
    /// (rows stored before the offset-0 rule, or a tampered store, go out as attachments).
    /// </summary>
    public static bool StartsAs(Stream content, string contentType)
    {
        var head = new byte[8];
        var position = content.Position;
        var length = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = position;
        var span = head.AsSpan(0, length);
        return contentType switch
        {
            "application/pdf" => span.StartsWith(PdfMagic),
            "image/jpeg" => span.StartsWith(JpegMagic),
            "image/png" => span.StartsWith(PngMagic),
            _ => false,
        };
    }

    private static FileKind? DetectZip(Stream content)
    {
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            if (names.Any(n => n.Equals("OFD.xml", StringComparison.OrdinalIgnoreCase))) return FileKind.Ofd;
            if (names.Any(n => n.StartsWith("word/", StringComparison.OrdinalIgnoreCase))) return FileKind.Docx;
            if (names.Any(n => n.StartsWith("xl/", StringComparison.OrdinalIgnoreCase))) return FileKind.Xlsx;
            return FileKind.Zip;
        }
        catch (InvalidDataException)
        {
            return null; // starts like a ZIP but is not one
        }
    }

    /// <summary>OLE compound files hold Word 97-2003 (a "WordDocument" stream), Excel ("Workbook"/"Book"), but also installers (MSI) and more.</summary>
    private static FileKind? DetectOle(Stream content, string? fileName)
    {
        var streams = CompoundFile.StreamNames(content);
        if (streams is null) return null;
        if (streams.Contains("WordDocument")) return FileKind.Doc;
        if (streams.Contains("Workbook") || streams.Contains("Book")) return FileKind.Xls;
        // A password-protected DOCX/XLSX is an OLE file with an encrypted package; only its name can tell which.
        if (streams.Contains("EncryptedPackage"))
        {
            var extension = Path.GetExtension(fileName ?? "");
            if (FileKind.Docx.Accepts(extension) || FileKind.Wps.Accepts(extension)) return FileKind.Docx;
            if (FileKind.Xlsx.Accepts(extension) || FileKind.Et.Accepts(extension)) return FileKind.Xlsx;
        }
        return null;
    }

    /// <summary>Just enough of [MS-CFB] to list the names in an OLE compound file's directory.</summary>
    private static class CompoundFile
    {
        private const uint MaxRegularSector = 0xFFFFFFFA;

        public static HashSet<string>? StreamNames(Stream s)
        {
            try
            {
                var header = ReadAt(s, 0, 512);
                if (header is null) return null;
                var sectorShift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x1E));
                if (sectorShift is not (9 or 12)) return null;
                var sectorSize = 1 << sectorShift;
                var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x2C));
                var directoryStart = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x30));
                var difatStart = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x44));
                var maxSectors = s.Length / sectorSize + 1;
                if (fatSectorCount > maxSectors) return null;

                // FAT sector numbers: 109 in the header, the rest in a chain of DIFAT sectors.
                var fatSectors = new List<uint>();
                for (var i = 0; i < 109 && fatSectors.Count < fatSectorCount; i++)
                    fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C + i * 4)));
                var difat = difatStart;
                for (var guard = 0; fatSectors.Count < fatSectorCount && difat <= MaxRegularSector && guard < maxSectors; guard++)
                {
                    var sector = ReadSector(s, difat, sectorSize);
                    if (sector is null) return null;
                    var perSector = sectorSize / 4 - 1;
                    for (var i = 0; i < perSector && fatSectors.Count < fatSectorCount; i++)
                        fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i * 4)));
                    difat = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(perSector * 4));
                }

                var fat = new List<uint>();
                foreach (var fatSector in fatSectors)
                {
                    var sector = ReadSector(s, fatSector, sectorSize);
                    if (sector is null) return null;
                    for (var i = 0; i < sectorSize; i += 4) fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(i)));
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                var current = directoryStart;
                for (var guard = 0; current <= MaxRegularSector && guard < maxSectors; guard++)
                {
                    var sector = ReadSector(s, current, sectorSize);
                    if (sector is null) return null;
                    for (var entry = 0; entry + 128 <= sectorSize; entry += 128)
                    {
                        var nameBytes = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(entry + 64));
                        if (nameBytes is < 2 or > 64) continue;
                        names.Add(Encoding.Unicode.GetString(sector, entry, nameBytes - 2));
                    }
                    if (current >= fat.Count) break;
                    current = fat[(int)current];
                }
                return names;
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                return null;
            }
        }

        private static byte[]? ReadSector(Stream s, uint sector, int sectorSize) =>
            ReadAt(s, ((long)sector + 1) * sectorSize, sectorSize);

        private static byte[]? ReadAt(Stream s, long offset, int count)
        {
            if (offset < 0 || offset + count > s.Length) return null;
            s.Position = offset;
            var buffer = new byte[count];
            return s.ReadAtLeast(buffer, count, throwOnEndOfStream: false) == count ? buffer : null;
        }
    }
}
