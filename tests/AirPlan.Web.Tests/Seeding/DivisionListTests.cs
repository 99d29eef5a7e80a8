using System.IO.Compression;
using AirPlan.Core.Domain;
using AirPlan.Web.Seeding;
using AirPlan.Web.Tests.Support;

namespace AirPlan.Web.Tests.Seeding;

/// <summary>The national division list as checked in (seeds/china-divisions.csv.gz), read without a database.</summary>
public sealed class DivisionListTests
{
    private static readonly Lazy<List<DivisionRow>> National = new(() =>
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(RepoPaths.Seeds, SeedFiles.DivisionsFile)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return DivisionList.Read(reader).ToList();
    });

    [Fact]
    public void EveryHenanRowOfTheEarlierListIsInTheNationalListWithTheSameCodeNameLevelAndParent()
    {
        // seeds/divisions/henan-divisions.csv is what the app loaded before the national list; the seed plans, the tests and
        // databases in use were built on its codes.
        using var reader = new StreamReader(Path.Combine(RepoPaths.Seeds, "divisions", "henan-divisions.csv"));
        var henan = DivisionList.Read(reader).ToList();
        var nationalHenan = National.Value.Where(r => r.Code.StartsWith("41", StringComparison.Ordinal)).ToList();

        Assert.Equal(2786, henan.Count);
        Assert.Equal(henan.OrderBy(r => r.Code, StringComparer.Ordinal), nationalHenan.OrderBy(r => r.Code, StringComparer.Ordinal));
    }

    [Fact]
    public void TheListHasEveryProvinceCityAndCountyAndEachRowsParentIsInIt()
    {
        var rows = National.Value;
        var codes = rows.Select(r => r.Code).ToHashSet();

        Assert.Equal(31, rows.Count(r => r.Level == RegionLevel.Province));
        Assert.Equal(339, rows.Count(r => r.Level == RegionLevel.City));
        Assert.Equal(2978, rows.Count(r => r.Level == RegionLevel.County));
        Assert.Equal(rows.Count, codes.Count);
        Assert.All(rows.Where(r => r.Level != RegionLevel.Province), r => Assert.Contains(r.ParentCode, codes));
        // The database allows a name once under each parent.
        Assert.Equal(rows.Count, rows.Select(r => (r.ParentCode, r.Name)).Distinct().Count());
    }

    [Fact]
    public void MunicipalitiesKeepTheirGroupingLevelCitiesWithoutDistrictsAreCountiesAndJiyuanIsUnderHenansDirectlyAdministeredGroup()
    {
        var byCode = National.Value.ToDictionary(r => r.Code);

        Assert.Equal(new DivisionRow("110100", "市辖区", RegionLevel.City, "110000"), byCode["110100"]);
        Assert.Equal(new DivisionRow("310115", "浦东新区", RegionLevel.County, "310100"), byCode["310115"]);
        Assert.Equal(new DivisionRow("419001", "济源市", RegionLevel.County, "419000"), byCode["419001"]);
        // A city without districts governs its towns itself: one row, a county under the province.
        Assert.Equal(new DivisionRow("441900", "东莞市", RegionLevel.County, "440000"), byCode["441900"]);
        // Written in the source as 济源市沁园街道; plans call it 沁园街道.
        Assert.Equal(new DivisionRow("419001001", "沁园街道", RegionLevel.Subdistrict, "419001"), byCode["419001001"]);
    }
}
