using System.Globalization;
using System.Text;

namespace AirPlan.Web.Features.Evidence;

/// <summary>
/// Makes an uploader's file name safe to show and to offer as a download name: no directories, control or bidi
/// characters, or characters Windows forbids; at most 100 characters with the extension kept; Chinese kept.
/// </summary>
public static class FileNameSanitizer
{
    public const int MaxLength = 100;
    public const string Fallback = "佐证材料";

    private static readonly HashSet<string> ReservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>Extensions that name a file type: replaced when the content says otherwise; any other "extension" is part of the name.</summary>
    private static readonly HashSet<string> KnownExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".jpg", ".jpeg", ".jpe", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".svg",
        ".doc", ".docx", ".docm", ".dot", ".dotx", ".xls", ".xlsx", ".xlsm", ".xlt", ".csv", ".ppt", ".pptx", ".wps", ".et", ".dps",
        ".txt", ".rtf", ".ofd", ".zip", ".rar", ".7z", ".gz", ".tar", ".exe", ".msi", ".dll", ".bat", ".cmd", ".com", ".scr",
        ".ps1", ".vbs", ".js", ".jar", ".html", ".htm", ".xhtml", ".xml", ".sh", ".lnk", ".iso",
    };

    public static string Sanitize(string? fileName)
    {
        var name = fileName ?? "";
        // Only the last path segment, whichever separator the client used.
        var cut = name.LastIndexOfAny(['/', '\\']);
        if (cut >= 0) name = name[(cut + 1)..];

        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || c is '<' or '>' or ':' or '"' or '/' or '\\' or '|' or '?' or '*')
                continue;
            clean.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        name = clean.ToString().Trim().TrimEnd('.', ' ');

        var extension = Path.GetExtension(name);
        if (extension.Length > 16 || extension.Contains(' ')) extension = "";
        // Leading dots would hide the file on Unix-like systems.
        var stem = name[..^extension.Length].Trim().TrimStart('.').TrimEnd('.', ' ');
        if (stem.Length == 0 || ReservedDeviceNames.Contains(stem)) stem = Fallback;
        return Limit(stem, extension);
    }

    /// <summary>The name with the extension of the detected type (photo.png that is a JPEG becomes photo.jpg).</summary>
    public static string WithExtension(string sanitizedName, FileKind kind)
    {
        var extension = Path.GetExtension(sanitizedName);
        if (kind.Accepts(extension)) return Limit(sanitizedName[..^extension.Length], extension.ToLowerInvariant());
        var stem = KnownExtensions.Contains(extension) ? sanitizedName[..^extension.Length] : sanitizedName;
        stem = stem.TrimEnd('.', ' ');
        return Limit(stem.Length == 0 ? Fallback : stem, kind.Extension);
    }

    private static string Limit(string stem, string extension)
    {
        var room = MaxLength - extension.Length;
        if (stem.Length > room)
        {
            var end = room;
            if (char.IsLowSurrogate(stem[end])) end--; // do not split a character outside the BMP
            stem = stem[..end].TrimEnd('.', ' ');
        }
        return stem + extension;
    }
}
