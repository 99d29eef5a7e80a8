using System.Diagnostics;

namespace AirPlan.Core.Parsing.Documents;

/// <summary>
/// .doc and .wps (binary Word/WPS formats) through LibreOffice in headless mode: converted to .docx in a private temporary
/// folder (with its own LibreOffice profile, so two conversions at once do not lock each other out), read by
/// <see cref="WordReader"/>, and the folder removed whatever happens. No reader of the binary formats is as good as
/// LibreOffice's, and a server either has it or is told which package to install.
/// </summary>
internal static class LegacyWordConverter
{
    public const string Package = "libreoffice-writer-nogui";

    public static string NotInstalled(string extension) =>
        $"无法读取 {extension} 文件：本机未安装 LibreOffice（Debian/Ubuntu 软件包 {Package}）。请管理员安装后重试，或用 Word/WPS 将文件另存为 .docx 后上传";

    /// <summary>soffice (or libreoffice) on PATH or in its usual install folders; null when LibreOffice is not installed.</summary>
    public static string? FindSoffice()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "soffice.exe", "soffice.com" } : ["soffice", "libreoffice"];
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/lib/libreoffice/program", "/opt/libreoffice/program", "/Applications/LibreOffice.app/Contents/MacOS",
                @"C:\Program Files\LibreOffice\program"]);
        foreach (var folder in folders)
            foreach (var name in names)
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path)) return path;
            }
        return null;
    }

    public static PlanDocument Read(byte[] bytes, string extension, PlanDocumentLimits limits)
    {
        if (FindSoffice() is not { } soffice) return PlanDocument.Refused(PlanDocumentFormat.LegacyWord, NotInstalled(extension));
        var folder = Directory.CreateTempSubdirectory("airplan-doc-");
        try
        {
            var input = Path.Combine(folder.FullName, "plan" + extension);
            File.WriteAllBytes(input, bytes);
            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder.FullName,
            };
            foreach (var arg in new[] { "--headless", "--norestore", "--nolockcheck", "--nodefault",
                         $"-env:UserInstallation={new Uri(Path.Combine(folder.FullName, "profile")).AbsoluteUri}",
                         "--convert-to", "docx:MS Word 2007 XML", "--outdir", folder.FullName, input })
                start.ArgumentList.Add(arg);
            using (var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start"))
            {
                // Read both pipes while waiting, so a chatty LibreOffice never blocks on a full pipe.
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(limits.ConversionTimeout))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    process.WaitForExit();
                    return PlanDocument.Refused(PlanDocumentFormat.LegacyWord,
                        $"{extension} 文件转换超时（超过 {limits.ConversionTimeout.TotalSeconds:F0} 秒），未读取。请用 Word/WPS 另存为 .docx 后上传");
                }
                Task.WaitAll(stdout, stderr);
            }
            var output = Path.Combine(folder.FullName, "plan.docx");
            if (!File.Exists(output))
                return PlanDocument.Refused(PlanDocumentFormat.LegacyWord,
                    // soffice without its Writer component (e.g. only libreoffice-calc installed) fails the same way.
                    $"LibreOffice 未能转换该 {extension} 文件（文件可能已损坏或加密，或本机 LibreOffice 缺少文字处理组件 {Package}），请用 Word/WPS 另存为 .docx 后上传");
            var read = WordReader.Read(File.ReadAllBytes(output));
            return new PlanDocument
            {
                Format = PlanDocumentFormat.LegacyWord,
                Lines = read.Lines,
                Tables = read.Tables,
                Refusal = read.Refusal,
                Warnings = [.. read.Warnings, $"已用 LibreOffice 将 {extension} 文件转换为 .docx 后读取，请核对编号和表格"],
            };
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
