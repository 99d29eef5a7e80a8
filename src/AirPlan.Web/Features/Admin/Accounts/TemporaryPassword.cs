using System.Security.Cryptography;

namespace AirPlan.Web.Features.Admin.Accounts;

/// <summary>One-time passwords an admin hands over: 12 characters without look-alikes (0/O, 1/l/I), meeting the password rules.</summary>
public static class TemporaryPassword
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnpqrstuvwxyz";
    private const string Digits = "23456789";

    public static string Generate()
    {
        var chars = new List<char>
        {
            RandomNumberGenerator.GetItems<char>(Upper, 1)[0],
            RandomNumberGenerator.GetItems<char>(Lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(Digits, 1)[0],
        };
        chars.AddRange(RandomNumberGenerator.GetItems<char>(Upper + Lower + Digits, 9));
        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle<char>(shuffled);
        return new string(shuffled);
    }
}
