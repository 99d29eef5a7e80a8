namespace AirPlan.Core.Parsing;

/// <summary>Options that let the app feed its curated data back into parsing.</summary>
public sealed class PlanParserOptions
{
    /// <summary>Extra variant → canonical unit names (the editable alias table). Applied before the built-in normalisation.</summary>
    public IReadOnlyDictionary<string, string> UnitAliases { get; init; } = new Dictionary<string, string>();
}

/// <summary>Turns a plan document's text into a <see cref="ParsedPlan"/>. Never throws on odd text: problems become warnings.</summary>
public static class PlanParser
{
    public static ParsedPlan Parse(string text, PlanParserOptions? options = null)
    {
        // Placeholder until the parser lands (issue 2); keeps the contract compiling for the app.
        return new ParsedPlan { Warnings = [new ParseWarning(1, "解析器尚未实现")] };
    }
}
