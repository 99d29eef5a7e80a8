using AirPlan.Core.Parsing;
using AirPlan.Core.Parsing.Documents;

namespace AirPlan.Core.Tests.Parsing.Documents;

/// <summary>
/// How many corrections each seed needs in the review (核对) when it comes into a region that has no units yet — in every
/// format the bureau may send it. The target is none; the Web tests count the same for a region that already has them.
/// </summary>
public class ReviewCorrectionsPerSeedTests
{
    public static TheoryData<string, string> SeedsAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var seed in TestDocuments.SeedNames)
            foreach (var format in TestDocuments.Formats) data.Add(seed, format);
        return data;
    }

    /// <summary>The seeds' regions in the division list the app loads (its Henan rows, kept as seeds/divisions/henan-divisions.csv; the national list agrees with them row for row).</summary>
    private static readonly Dictionary<string, string> RegionOf = new()
    {
        ["mengjin-2024"] = "孟津区", ["mengzhou-2023"] = "孟州市", ["yichuan-2024"] = "伊川县", ["luohe-2024"] = "漯河市", ["jiyuan-2024"] = "济源市",
    };

    /// <summary>The divisions directly below a seed's region: its townships and streets, or a city's counties and districts.</summary>
    private static List<string> Subdivisions(string seed)
    {
        var rows = File.ReadLines(Path.Combine(Seeds.RepoRoot, "seeds", "divisions", "henan-divisions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var code = rows.First(r => r[1] == RegionOf[seed] && r[2] is "city" or "county")[0];
        return rows.Where(r => r[3] == code).Select(r => r[1]).ToList();
    }

    [Theory]
    [MemberData(nameof(SeedsAndFormats))]
    public void ASeedNeedsNoCorrectionInAnyFormatIntoARegionWithoutUnits(string seed, string format)
    {
        var (fileName, bytes) = TestDocuments.InFormat(seed, format);
        var subdivisions = Subdivisions(seed);
        // As the review reads it once the region is known: with the region's areas (and no aliases, since it has no units).
        var plan = PlanDocumentParser.Parse(PlanDocumentReader.Read(new MemoryStream(bytes), fileName),
            new PlanParserOptions { Subdivisions = subdivisions });

        var findings = ReviewFindings.Of(plan, new ReviewContext([], subdivisions));

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }
}
