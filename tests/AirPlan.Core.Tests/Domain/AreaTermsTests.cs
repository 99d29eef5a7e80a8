using AirPlan.Core.Domain;

namespace AirPlan.Core.Tests.Domain;

public class AreaTermsTests
{
    [Fact]
    public void ACityPlanIsCarriedOutByItsCountiesAndDistricts()
    {
        var terms = AreaTerms.For(RegionLevel.City);

        Assert.Equal("落实县区", terms.TitleOf(AssignmentRole.Implementing));
        Assert.Equal("全部县区", terms.All);
        Assert.Equal("各县区", terms.Every);
    }

    [Fact]
    public void ACountyPlanIsCarriedOutByItsTownshipsAndStreets()
    {
        var terms = AreaTerms.For(RegionLevel.County);

        Assert.Equal("落实乡镇", terms.TitleOf(AssignmentRole.Implementing));
        Assert.Equal("全部乡镇（街道）", terms.All);
        Assert.Equal("牵头单位", terms.TitleOf(AssignmentRole.Lead));
    }

    [Fact]
    public void PlansOfBothLevelsTogetherNameBoth()
    {
        Assert.Equal(AreaTerms.Counties, AreaTerms.For([RegionLevel.City, RegionLevel.City]));
        Assert.Equal(AreaTerms.Mixed, AreaTerms.For([RegionLevel.City, RegionLevel.County]));
    }
}
