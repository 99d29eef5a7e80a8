using System.Text;
using AirPlan.Cli.Json;
using AirPlan.Core.Parsing;

namespace AirPlan.Cli.Commands;

/// <summary>airplan parse FILE — prints the parsed plan as JSON.</summary>
public static class ParseCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 1)
        {
            error.WriteLine("用法：airplan parse FILE");
            return ExitCodes.UsageOrFile;
        }

        var path = args[0];
        string text;
        try
        {
            // A file beyond the parser's limit is refused by its size, before it is read into memory.
            if (File.Exists(path) && PlanLimits.CheckFileSize(new FileInfo(path).Length) is { } tooBig)
            {
                error.WriteLine($"错误：{tooBig}");
                return ExitCodes.Refused;
            }
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error.WriteLine($"错误：找不到文件“{path}”");
            return ExitCodes.UsageOrFile;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"错误：无法读取文件“{path}”：{ex.Message}");
            return ExitCodes.UsageOrFile;
        }

        var plan = PlanParser.Parse(text);
        if (plan.Refusal is { } refusal)
        {
            error.WriteLine($"错误：{refusal}");
            return ExitCodes.Refused;
        }
        output.WriteLine(PlanJson.Serialize(plan));
        return ExitCodes.Ok;
    }
}
