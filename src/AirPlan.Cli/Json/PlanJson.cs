using System.Text.Encodings.Web;
using System.Text.Json;
using AirPlan.Core.Parsing;

namespace AirPlan.Cli.Json;

/// <summary>
/// The JSON shape of a parsed plan. Mapped explicitly so the public JSON does not change when the core model grows.
/// </summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        // Chinese stays readable in the output instead of \uXXXX escapes; this is a file for people and tools, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static string Serialize(ParsedPlan plan) => JsonSerializer.Serialize(ToDto(plan), Options);

    public static PlanDto ToDto(ParsedPlan plan) => new(
        plan.Title,
        plan.DocNumber,
        plan.Issuer,
        plan.IssuedOn?.ToString("yyyy-MM-dd"),
        plan.PlanYear,
        plan.Region,
        plan.Targets.Select(t => new TargetDto(t.Indicator, t.Value, t.Unit, t.Text)).ToList(),
        plan.Chapters.Select(c => new ChapterDto(c.Number, c.Title, c.Line, c.HasTasks)).ToList(),
        plan.Tasks.Select(t => ToDto(t, withSubitems: true)).ToList(),
        plan.Units.Select(u => new UnitDto(u.Name, u.Aliases)).ToList(),
        plan.Warnings.Select(w => new WarningDto(w.Line, w.Message)).ToList());

    private static TaskDto ToDto(ParsedTask t, bool withSubitems) => new(
        t.Number,
        t.Order,
        t.ChapterNumber,
        t.Section,
        t.Title,
        t.Text,
        t.Line,
        t.Lead,
        t.Supporting,
        Townships(t.Townships),
        t.Deadlines.Select(d => new DeadlineDto(d.Date.ToString("yyyy-MM-dd"), d.Text)).ToList(),
        t.PeriodEnds.Select(d => new DeadlineDto(d.Date.ToString("yyyy-MM-dd"), d.Text)).ToList(),
        t.Recurrence,
        t.IsContinuous,
        withSubitems ? t.Subitems.Select(s => ToDto(s, withSubitems: false)).ToList() : null);

    /// <summary>"all", "none" or the list of town names.</summary>
    private static object Townships(TownshipScope scope) => scope.Kind switch
    {
        TownshipScopeKind.All => "all",
        TownshipScopeKind.Named => scope.Names,
        _ => "none",
    };
}

public sealed record PlanDto(
    string Title, string? DocNumber, string? Issuer, string? IssuedOn, int? PlanYear, string? Region,
    IReadOnlyList<TargetDto> Targets, IReadOnlyList<ChapterDto> Chapters, IReadOnlyList<TaskDto> Tasks,
    IReadOnlyList<UnitDto> Units, IReadOnlyList<WarningDto> Warnings);

public sealed record TargetDto(string Indicator, decimal Value, string Unit, string Text);

public sealed record ChapterDto(string Number, string Title, int Line, bool HasTasks);

public sealed record TaskDto(
    string Number, int Order, string Chapter, string Section, string Title, string Text, int Line,
    IReadOnlyList<string> Lead, IReadOnlyList<string> Supporting, object Townships,
    IReadOnlyList<DeadlineDto> Deadlines, IReadOnlyList<DeadlineDto> PeriodEnds, string? Recurrence, bool IsContinuous,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<TaskDto>? Subitems);

public sealed record DeadlineDto(string Date, string Text);

public sealed record UnitDto(string Name, IReadOnlyList<string> Aliases);

public sealed record WarningDto(int Line, string Message);
