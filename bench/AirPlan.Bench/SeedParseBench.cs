using System.Diagnostics;
using System.Text;
using AirPlan.Core.Parsing;

namespace AirPlan.Bench;

/// <summary>
/// airplan-bench seeds [--dir seeds] [--iterations 200] [--warmup 5] [--sizes 0.5,1.7] — parse time of each seed plan
/// (median and minimum of N parses after warm-ups), of texts made by repeating a seed's task chapter
/// (<see cref="InputBench.PlanText"/>, to see that time grows linearly), and of the same texts in traditional characters
/// (every character of Parsing/traditional-characters.txt turned back), which go through ScriptForm;
/// docs/performance.md, "Parser: layouts from other provinces".
/// </summary>
public static class SeedParseBench
{
    public static Task<int> RunAsync(Args options)
    {
        var dir = options.Get("dir") ?? "seeds";
        var iterations = options.Int("iterations", 200);
        var warmup = options.Int("warmup", 5);
        Console.WriteLine("seed\tchars\ttasks\tmedian_ms\tmin_ms");
        foreach (var file in Directory.GetFiles(dir, "*.txt").Order())
        {
            var text = File.ReadAllText(file);
            var tasks = PlanParser.Parse(text).Tasks.Count;
            for (var i = 0; i < warmup; i++) PlanParser.Parse(text);
            var times = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                var sw = Stopwatch.StartNew();
                PlanParser.Parse(text);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{Path.GetFileNameWithoutExtension(file)}\t{text.Length}\t{tasks}\t{times[times.Count / 2]:F2}\t{times[0]:F2}");
        }

        var traditional = TraditionalOf(Path.Combine(dir, "..", "src", "AirPlan.Core", "Parsing", "traditional-characters.txt"));
        var seed = File.ReadAllText(Path.Combine(dir, "mengjin-2024.txt"));
        Console.WriteLine("repeated text\tform\tutf8_mb\tchars\ttasks\tms");
        foreach (var mb in (options.Get("sizes") ?? "0.5,1.7").Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)))
        {
            var text = InputBench.PlanText(seed, (int)(mb * 1024 * 1024));
            foreach (var (form, t) in new[] { ("simplified", text), ("traditional", traditional(text)) })
            {
                PlanParser.Parse(t);
                var sw = Stopwatch.StartNew();
                var plan = PlanParser.Parse(t);
                Console.WriteLine($"mengjin ×N\t{form}\t{Encoding.UTF8.GetByteCount(t) / 1048576.0:F2}\t{t.Length}\t{plan.Tasks.Count}\t{sw.Elapsed.TotalMilliseconds:F0}");
            }
        }
        return Task.FromResult(0);
    }

    /// <summary>The table read backwards: a simplified text written in the traditional characters the parser knows.</summary>
    private static Func<string, string> TraditionalOf(string table)
    {
        var map = File.ReadAllLines(table)
            .Where(l => l.Length == 3 && l[0] != '#' && l[1] == ' ')
            .ToDictionary(l => l[2], l => l[0]);
        return text => string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = map.TryGetValue(t[i], out var c) ? c : t[i];
        });
    }
}
