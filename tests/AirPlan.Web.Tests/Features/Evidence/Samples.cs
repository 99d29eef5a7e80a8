using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace AirPlan.Web.Tests.Features.Evidence;

/// <summary>Tiny but structurally real files of each type, built in code.</summary>
internal static class Samples
{
    public static byte[] Pdf(string text = "AirPlan") =>
        Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0xFF, 0xD9];

    public static byte[] Png() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    public static byte[] Docx() => Zip("[Content_Types].xml", "word/document.xml");

    public static byte[] Xlsx() => Zip("[Content_Types].xml", "xl/workbook.xml");

    public static byte[] PlainZip() => Zip("照片/现场.txt", "说明.txt");

    /// <summary>OFD 版式文档: a zip with OFD.xml at its root and the document under Doc_0/.</summary>
    public static byte[] Ofd() => Zip("OFD.xml", "Doc_0/Document.xml", "Doc_0/Pages/Page_0/Content.xml");

    /// <summary>A RAR 5 archive's signature and the start of its main header.</summary>
    public static byte[] Rar() => [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00, 0x33, 0x92, 0xB5, 0xE5, 0x0A, 0x01, 0x05, 0x06, 0x00, 0x05, 0x01, 0x01];

    /// <summary>A program with a PDF header tucked into its first kilobyte (PDF readers would still open it).</summary>
    public static byte[] ExeWithPdfHeader() => Exe().Concat(new byte[200]).Concat(Pdf()).ToArray();

    /// <summary>A web page with a PDF header in a comment.</summary>
    public static byte[] HtmlWithPdfComment() =>
        Encoding.UTF8.GetBytes("<!DOCTYPE html><!-- %PDF-1.4 --><html><body><script>alert(document.cookie)</script></body></html>");

    public static byte[] Exe() => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script>报告</body></html>");

    /// <summary>Word 97-2003: an OLE compound file whose directory holds a "WordDocument" stream.</summary>
    public static byte[] Doc() => CompoundFile("WordDocument");

    /// <summary>Excel 97-2003: the directory holds a "Workbook" stream.</summary>
    public static byte[] Xls() => CompoundFile("Workbook");

    /// <summary>Same container, as an installer (MSI) would be: neither Word nor Excel.</summary>
    public static byte[] OtherOle() => CompoundFile("\u4840\u3B3F\u4577");

    private static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        return buffer.ToArray();
    }

    /// <summary>Header, one FAT sector (sector 0) and one directory sector (sector 1), 512-byte sectors.</summary>
    private static byte[] CompoundFile(string streamName)
    {
        var file = new byte[512 * 3];
        var header = file.AsSpan(0, 512);
        byte[] magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x18..], 0x3E);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x2C..], 1); // one FAT sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x30..], 1); // directory starts at sector 1
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x38..], 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x3C..], 0xFFFFFFFE);
        BinaryPrimitives.WriteUInt32LittleEndian(header[0x44..], 0xFFFFFFFE);
        for (var i = 0; i < 109; i++) BinaryPrimitives.WriteUInt32LittleEndian(header[(0x4C + i * 4)..], i == 0 ? 0u : 0xFFFFFFFF);

        var fat = file.AsSpan(512, 512);
        fat.Fill(0xFF);
        BinaryPrimitives.WriteUInt32LittleEndian(fat, 0xFFFFFFFD); // sector 0 is the FAT
        BinaryPrimitives.WriteUInt32LittleEndian(fat[4..], 0xFFFFFFFE); // sector 1 (directory) ends its chain

        var directory = file.AsSpan(1024, 512);
        WriteEntry(directory[..128], "Root Entry", type: 5);
        WriteEntry(directory[128..256], streamName, type: 2);
        return file;
    }

    private static void WriteEntry(Span<byte> entry, string name, byte type)
    {
        var bytes = Encoding.Unicode.GetBytes(name);
        bytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)(bytes.Length + 2));
        entry[66] = type;
    }
}
