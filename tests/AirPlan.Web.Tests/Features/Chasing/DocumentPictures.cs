using System.Diagnostics;
using AirPlan.Core.Rules;
using AirPlan.Web.Features.Chasing.Bulletins;
using AirPlan.Web.Tests.Browser;
using AirPlan.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AirPlan.Web.Tests.Features.Chasing;

/// <summary>
/// Renders a generated 督办单 and 通报 to docs/screenshots/notice-print.png and bulletin-print.png through LibreOffice and
/// pdftoppm, as they would print. Not part of the test run: it needs LibreOffice (CI has none) and rewrites the pictures, so it
/// runs only when asked:
/// <c>AIRPLAN_RENDER_DOCUMENTS=1 dotnet test tests/AirPlan.Web.Tests --filter "Category=Pictures"</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Pictures")]
public sealed class DocumentPictures(PostgresServer server) : IAsyncLifetime
{
    private ChasingDatabase _db = default!;

    public async Task InitializeAsync() => _db = await ChasingDatabase.ForClassAsync<DocumentPictures>(server);

    public Task DisposeAsync() => Task.CompletedTask;

    [RendersDocumentsFact]
    public async Task ANoticePrintsOnOneA4Page()
    {
        var coordinator = await _db.AccountAsync("coordinator");
        await using var db = _db.CreateDbContext();
        var fgw = await db.Units.Where(u => u.RegionId == _db.MengjinRegionId && u.Name == "区发展改革委").Select(u => u.Id).SingleAsync();
        var candidates = await _db.Notices.CandidatesAsync(coordinator);
        var ids = await db.Assignments.Where(a => a.UnitId == fgw).Select(a => a.Id).ToListAsync();
        var candidate = candidates.First(c => ids.Contains(c.AssignmentId));
        var notice = (await _db.Notices.IssueAsync(coordinator, _db.InputFor(candidate.AssignmentId))).Single();
        await using var file = await _db.Notices.OpenDocumentAsync(coordinator, notice.Id);
        using var bytes = new MemoryStream();
        await file.Content.CopyToAsync(bytes);

        var pages = Render(bytes.ToArray(), "notice-print.png");

        Assert.Equal(1, pages);
    }

    [RendersDocumentsFact]
    public async Task ABulletinPrintsAsAnOfficialDocument()
    {
        var leader = await _db.AccountAsync("leader");
        var bulletin = await _db.Get<BulletinService>().BuildAsync(leader, new BulletinScope("mengjin-2024", null, BulletinPeriod.TryParse("2025Q3")!));

        Assert.True(Render(BulletinDocument.Write(bulletin), "bulletin-print.png") >= 1);
    }

    /// <summary>docx → PDF (LibreOffice) → first page as PNG at 80 dpi; returns the PDF's page count.</summary>
    private static int Render(byte[] docx, string picture)
    {
        var dir = Directory.CreateTempSubdirectory("airplan-print-").FullName;
        var source = Path.Combine(dir, "document.docx");
        File.WriteAllBytes(source, docx);
        Run("libreoffice", "--headless", "--convert-to", "pdf", "--outdir", dir, source);
        var pdf = Path.Combine(dir, "document.pdf");
        var info = Run("pdfinfo", pdf);
        var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:")).Split(':')[1].Trim());
        Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(dir, "page"));
        File.Copy(Path.Combine(dir, "page.png"), BrowserApp.ScreenshotPath(picture), overwrite: true);
        return pages;
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }
}

/// <summary>Runs only when AIRPLAN_RENDER_DOCUMENTS=1 and LibreOffice is installed.</summary>
public sealed class RendersDocumentsFactAttribute : FactAttribute
{
    public RendersDocumentsFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("AIRPLAN_RENDER_DOCUMENTS") != "1")
            Skip = "Renders docs/screenshots/*-print.png only when asked: AIRPLAN_RENDER_DOCUMENTS=1 dotnet test tests/AirPlan.Web.Tests --filter Category=Pictures";
        else if (!new[] { "/usr/bin/libreoffice", "/usr/local/bin/libreoffice" }.Any(File.Exists))
            Skip = "LibreOffice is not installed";
    }
}
