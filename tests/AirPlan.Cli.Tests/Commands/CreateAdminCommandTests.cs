using AirPlan.Cli.Tests.Support;

namespace AirPlan.Cli.Tests.Commands;

[Collection(CliPostgresCollection.Name)]
public sealed class CreateAdminCommandTests(CliPostgres postgres)
{
    [Fact]
    public async Task CreatesTheFirstAdministratorWithATemporaryPasswordOnce()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_admin");

        var first = await AirplanCli.RunAsync(env, "create-admin", "chief", "--name", "王主任");
        var second = await AirplanCli.RunAsync(env, "create-admin", "chief");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("临时密码", first.Stdout);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("已存在", second.Stderr);
    }
}
