using System.Diagnostics;
using System.Text;
using AirPlan.Core.Parsing.Documents;

namespace AirPlan.Core.Tests.Parsing.Documents;

/// <summary>Runs only when asked to (AIRPLAN_MEASURE_DOCUMENTS=file): read + parse time of each seed in each format, for docs/performance.md.</summary>
public sealed class MeasuresDocumentsFactAttribute : FactAttribute
{
    public const string Variable = "AIRPLAN_MEASURE_DOCUMENTS";

    public MeasuresDocumentsFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) Skip = $"只在设置 {Variable} 时测量";
    }
}

public class DocumentTimings
{
    [MeasuresDocumentsFact]
    public void ReadAndParseTimesOfEverySeedInEveryFormatAreWrittenWhenAskedFor()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var report = new StringBuilder("| seed | .txt UTF-8 | .txt GB18030 | .docx | .docx task table | .pdf | .pdf pages |\n|---|---|---|---|---|---|---|\n");
        foreach (var seed in TestDocuments.SeedNames)
        {
            var pdf = File.ReadAllBytes(TestDocuments.FixturePath(seed + ".pdf"));
            (string, byte[])[] formats =
            [
                (".txt", Encoding.UTF8.GetBytes(Seeds.Text(seed))),
                (".txt", Encoding.GetEncoding("GB18030").GetBytes(Seeds.Text(seed))),
                (".docx", TestDocuments.ParagraphDocx(seed)),
                (".docx", TestDocuments.TableDocx(seed)),
                (".pdf", pdf),
            ];
            report.Append($"| {seed} |");
            foreach (var (extension, bytes) in formats) report.Append($" {Median(bytes, extension):F0} ms |");
            report.Append($" {PlanDocumentReader.Read(new MemoryStream(pdf), "x.pdf").Pages} |\n");
        }
        File.WriteAllText(Environment.GetEnvironmentVariable(MeasuresDocumentsFactAttribute.Variable)!, report.ToString());
    }

    private static double Median(byte[] bytes, string extension)
    {
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            var plan = PlanDocumentParser.Parse(PlanDocumentReader.Read(new MemoryStream(bytes), "plan" + extension));
            clock.Stop();
            Assert.NotEmpty(plan.Tasks);
            if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds); // the first run pays for JIT
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
