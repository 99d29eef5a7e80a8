using AirPlan.Core.Parsing.Documents;

namespace AirPlan.Core.Tests.Parsing.Documents;

/// <summary>Runs only where LibreOffice is installed (developers' machines may have it; CI does not).</summary>
public sealed class NeedsLibreOfficeFactAttribute : FactAttribute
{
    public NeedsLibreOfficeFactAttribute()
    {
        if (LegacyWordConverter.FindSoffice() is null) Skip = $"LibreOffice 未安装（{LegacyWordConverter.Package}）";
    }
}

/// <summary>Runs only when asked to, by Fixtures/regenerate.sh: it writes the Word sources of the committed PDFs.</summary>
public sealed class WritesFixtureSourcesFactAttribute : FactAttribute
{
    public const string Variable = "AIRPLAN_FIXTURE_SOURCES";

    public WritesFixtureSourcesFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) Skip = $"只在设置 {Variable} 时生成测试文档";
    }
}

public class FixtureSources
{
    [WritesFixtureSourcesFact]
    public void TheWordSourcesOfThePdfFixturesAreWrittenWhenAskedFor()
    {
        var folder = Environment.GetEnvironmentVariable(WritesFixtureSourcesFactAttribute.Variable)!;
        Directory.CreateDirectory(folder);
        foreach (var seed in TestDocuments.SeedNames)
        {
            File.WriteAllBytes(Path.Combine(folder, seed + ".docx"), TestDocuments.ParagraphDocx(seed, printable: true));
            File.WriteAllBytes(Path.Combine(folder, seed + "-table.docx"), TestDocuments.TableDocx(seed));
        }
    }
}
