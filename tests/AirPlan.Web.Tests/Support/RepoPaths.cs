namespace AirPlan.Web.Tests.Support;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    public static string Seed(string key) => Path.Combine(Seeds, key + ".txt");

    public static readonly string[] SeedKeys = ["jiyuan-2024", "luohe-2024", "mengjin-2024", "mengzhou-2023", "yichuan-2024"];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AirPlan.sln"))) return dir.FullName;
        throw new InvalidOperationException("找不到仓库根目录（AirPlan.sln）");
    }
}
