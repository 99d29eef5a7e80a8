using AirPlan.Cli.Tests.Support;
using ClosedXML.Excel;

namespace AirPlan.Cli.Tests.Commands;

/// <summary>airplan export after importing a seed plan.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class ExportCommandTests(CliPostgres postgres)
{
    [Fact]
    public async Task ExportWritesTheQuarterlyLedgerWorkbookForOnePlanAndForAUnit()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_export");
        Assert.Equal(0, (await AirplanCli.RunAsync(env, "import", AirplanCli.Seed("mengjin-2024"))).ExitCode);
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.xlsx");
        var unitFile = Path.Combine(Path.GetTempPath(), $"export-unit-{Guid.NewGuid():N}.xlsx");
        try
        {
            var quarter = $"{DateTime.Today.Year}Q{(DateTime.Today.Month - 1) / 3 + 1}";
            var whole = await AirplanCli.RunAsync(env, "export", "--plan", "mengjin-2024", "--quarter", quarter, "--out", file);
            var unit = await AirplanCli.RunAsync(env, "export", "--plan", "mengjin-2024", "--quarter", quarter, "--unit", "区发展改革委", "--out", unitFile);

            Assert.True(whole.ExitCode == 0, whole.Stderr);
            Assert.Contains("已导出", whole.Stdout);
            using var workbook = new XLWorkbook(file);
            Assert.Equal(["汇总", "任务明细", "逾期任务", "乡镇落实情况", "任务进展"], workbook.Worksheets.Select(s => s.Name));
            Assert.StartsWith("孟津区", workbook.Worksheet("任务明细").Cell(1, 1).GetString());
            Assert.True(unit.ExitCode == 0, unit.Stderr);
            using var unitBook = new XLWorkbook(unitFile);
            Assert.Equal("填报单位：区发展改革委", unitBook.Worksheet("任务明细").Cell(2, 1).GetString());
        }
        finally
        {
            File.Delete(file);
            File.Delete(unitFile);
        }
    }

    [Fact]
    public async Task ExportWithoutAnOutputFileOrWithABadQuarterSaysHow()
    {
        var env = await postgres.FreshDatabaseEnvironmentAsync("cli_export_bad");
        var missing = await AirplanCli.RunAsync(env, "export", "--plan", "mengjin-2024", "--quarter", "2025Q3");
        var bad = await AirplanCli.RunAsync(env, "export", "--plan", "all", "--quarter", "2025-3", "--out", Path.Combine(Path.GetTempPath(), "x.xlsx"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("用法", missing.Stderr);
        Assert.True(bad.ExitCode == 1, bad.Stderr);
        Assert.Contains("格式", bad.Stderr);
    }
}
