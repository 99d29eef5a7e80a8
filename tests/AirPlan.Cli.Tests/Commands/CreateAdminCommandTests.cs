using AirPlan.Cli.Commands;
using AirPlan.Cli.Tests.Support;

namespace AirPlan.Cli.Tests.Commands;

[Collection(CliPostgresCollection.Name)]
public sealed class CreateAdminCommandTests(CliPostgres postgres)
{
    [Fact]
    public async Task CreatesTheFirstAdministratorWithTheOperatorsPasswordOnceAndRefusesAWeakOne()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_admin");
        var weak = new Dictionary<string, string>(env) { [CreateAdminCommand.PasswordVariable] = "Password1234" };
        var strong = new Dictionary<string, string>(env) { [CreateAdminCommand.PasswordVariable] = "孟津区大气办的第一位管理员" };

        var refused = await AirplanCli.RunAsync(weak, "create-admin", "--name", "chief", "--display-name", "王主任");
        var first = await AirplanCli.RunAsync(strong, "create-admin", "--name", "chief", "--display-name", "王主任");
        var second = await AirplanCli.RunAsync(strong, "create-admin", "--name", "chief");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("常见", refused.Stderr);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("已创建系统管理员「chief」", first.Stdout);
        Assert.DoesNotContain("孟津区大气办的第一位管理员", first.Stdout);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("已存在", second.Stderr);
    }

    [Fact]
    public async Task AShortPasswordIsRefusedWithThePolicysWords()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_admin_short");
        var shortOne = new Dictionary<string, string>(env) { [CreateAdminCommand.PasswordVariable] = "Abc@12345" };

        var result = await AirplanCli.RunAsync(shortOne, "create-admin", "--name", "chief");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("至少需要 12 个字符", result.Stderr);
    }
}
