using AirPlan.Cli.Tests.Support;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>airplan chase: the daily chasing job once, on demand.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class ChaseCommandTests(CliPostgres postgres)
{
    [Fact]
    public async Task ChaseJudgesTheGivenDayAndASecondRunTakesNoStepTwice()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_chase");
        Assert.Equal(0, (await AirplanCli.RunAsync(env, "import", AirplanCli.Seed("mengjin-2024"))).ExitCode);

        var first = await AirplanCli.RunAsync(env, "chase", "--as-of", "2025-10-31");
        var second = await AirplanCli.RunAsync(env, "chase", "--as-of", "2025-10-31");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("每日催办（2025年10月31日）", first.Stdout);
        Assert.DoesNotContain("逾期催办 0，", first.Stdout);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("临期提醒 0，逾期催办 0，督办 0，未按期报送 0，待核验提醒 0，督办单逾期未反馈 0；消息 0 条", second.Stdout);
    }

    [Fact]
    public async Task ChaseWithABadDateSaysHow()
    {
        var result = await AirplanCli.RunAsync(null, "chase", "--as-of", "2025年10月31日");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("用法", result.Stderr);
    }
}
