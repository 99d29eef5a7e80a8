using System.Collections.Concurrent;
using AirPlan.Core.Parsing;

namespace AirPlan.Core.Tests;

/// <summary>Loads the seed plans from the repository and parses each once per test run.</summary>
public static class Seeds
{
    private static readonly ConcurrentDictionary<string, ParsedPlan> Parsed = new();

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Text(string name) => File.ReadAllText(Path.Combine(RepoRoot, "seeds", name + ".txt"));

    public static ParsedPlan Plan(string name) => Parsed.GetOrAdd(name, n => PlanParser.Parse(Text(n)));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AirPlan.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AirPlan.sln not found above " + AppContext.BaseDirectory);
    }
}
