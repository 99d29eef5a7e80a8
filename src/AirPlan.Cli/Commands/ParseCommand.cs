using AirPlan.Cli.Json;
using AirPlan.Core.Parsing.Documents;

namespace AirPlan.Cli.Commands;

/// <summary>airplan parse FILE — prints the parsed plan as JSON; FILE is .txt, .docx, .pdf or .doc/.wps (PlanDocumentReader).</summary>
public static class ParseCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length != 1)
        {
            error.WriteLine("用法：airplan parse FILE（.txt、.docx、.pdf、.doc、.wps）");
            return ExitCodes.UsageOrFile;
        }

        var path = args[0];
        PlanDocument document;
        try
        {
            // The reader refuses a file beyond its limits by its size, before it is read into memory.
            using var stream = File.OpenRead(path);
            document = PlanDocumentReader.Read(stream, path);
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

        var plan = PlanDocumentParser.Parse(document);
        if (plan.Refusal is { } refusal)
        {
            error.WriteLine($"错误：{refusal}");
            return ExitCodes.Refused;
        }
        output.WriteLine(PlanJson.Serialize(plan));
        return ExitCodes.Ok;
    }
}
