using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AirPlan.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app or a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataServiceExtensions.Configure(options, "Host=localhost;Database=airplan_design");
        return new AppDbContext(options.Options);
    }
}
