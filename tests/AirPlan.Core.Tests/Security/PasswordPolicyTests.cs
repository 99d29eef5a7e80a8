using AirPlan.Core.Security;

namespace AirPlan.Core.Tests.Security;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("Password123")]   // 11 characters: the old rules' favourite
    [InlineData("abcdefghijk")]
    [InlineData("😀😀😀😀😀😀")]    // 12 UTF-16 units, but 6 characters
    public void PasswordsShorterThanTwelveCharactersAreRefused(string password) =>
        Assert.Equal(PasswordPolicy.TooShortMessage, PasswordPolicy.Check(password));

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("Qwertyuiop123")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("woaini1314520")]
    public void CommonAndBreachedPasswordsAreRefusedWhateverTheirCase(string password) =>
        Assert.Equal(PasswordPolicy.CommonMessage, PasswordPolicy.Check(password));

    [Theory]
    [InlineData("all lower case words here")]
    [InlineData("城关镇扬尘治理台账二〇二五")]
    [InlineData("AirPlan@2025")]
    public void AnyLongEnoughUncommonPasswordIsAcceptedWithoutCompositionRules(string password) =>
        Assert.Null(PasswordPolicy.Check(password));

    [Fact]
    public void ASixtyFourCharacterChinesePassphraseIsAcceptedAndUpToOneHundredTwentyEightCharactersAreAllowed()
    {
        var passphrase = string.Concat(Enumerable.Repeat("县城空气质量持续改善", 7))[..64];

        Assert.Equal(64, PasswordPolicy.Length(passphrase));
        Assert.Null(PasswordPolicy.Check(passphrase));
        Assert.Null(PasswordPolicy.Check(new string('好', 128)));
        Assert.Equal(PasswordPolicy.TooLongMessage, PasswordPolicy.Check(new string('好', 129)));
    }
}

public sealed class SignInBackoffTests
{
    [Fact]
    public void AFewFailuresCostNothingThenEachOneDoublesTheWaitUpToTheCap()
    {
        var waits = Enumerable.Range(1, 14).Select(n => SignInBackoff.DelayAfter(n, SignInBackoff.Account).TotalSeconds).ToList();

        Assert.Equal([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
        Assert.Equal(TimeSpan.FromMinutes(15), SignInBackoff.DelayAfter(100, SignInBackoff.Address));
    }

    [Fact]
    public void CountsAreForgottenAfterAnHourWithoutFailures()
    {
        var now = new DateTimeOffset(2025, 10, 31, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddSeconds(60), SignInBackoff.BlockedUntil(50, now, SignInBackoff.Account, now));
        Assert.Null(SignInBackoff.BlockedUntil(50, now.AddMinutes(-61), SignInBackoff.Address, now));
        Assert.Null(SignInBackoff.BlockedUntil(5, now, SignInBackoff.Account, now));
    }
}
