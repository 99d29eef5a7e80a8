using System.Reflection;

namespace AirPlan.Core.Security;

/// <summary>
/// What a password must be (OWASP ASVS 4 §2.1, NIST SP 800-63B): 12 to 128 characters, counted as people see them (a Chinese
/// character or an emoji is one), any characters at all, and not one of the common or breached passwords in
/// <c>common-passwords.txt</c>. No composition rules: they push people to <c>Password123!</c>, which the list refuses anyway.
/// Reuse of earlier passwords is checked where the history is (the web app's password validator).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    public static string TooShortMessage => $"密码至少需要 {MinLength} 个字符（汉字、字母、数字、符号均可，建议使用一句话）";
    public static string TooLongMessage => $"密码最多 {MaxLength} 个字符";
    public const string CommonMessage = "该密码过于常见或已在泄露的密码库中出现，请换一个不易猜到的密码";

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Characters as people count them: Unicode scalar values, so a character outside the BMP is one, not two UTF-16 units.</summary>
    public static int Length(string password) => password.EnumerateRunes().Count();

    /// <summary>The Chinese message for the first rule the password breaks, or null when it is acceptable.</summary>
    public static string? Check(string password)
    {
        var length = Length(password);
        if (length < MinLength) return TooShortMessage;
        if (length > MaxLength) return TooLongMessage;
        if (IsCommon(password)) return CommonMessage;
        return null;
    }

    /// <summary>On the list, ignoring case and surrounding blanks (Password1234 is password1234).</summary>
    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AirPlan.Core.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && !line.StartsWith('#')) set.Add(line);
        return set;
    }
}
