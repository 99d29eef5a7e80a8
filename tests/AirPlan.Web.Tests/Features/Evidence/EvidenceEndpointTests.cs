using System.Net;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Evidence;
using AirPlan.Web.Security;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Evidence;

[Collection(PostgresCollection.Name)]
public sealed class EvidenceEndpointTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string _storeRoot = Path.Combine(Path.GetTempPath(), "airplan-evidence-" + Guid.NewGuid().ToString("N"));
    private AppFactory _factory = default!;
    private WebApplicationFactory<Program> _app = default!;
    private string _liaisonId = "";
    private string _outsiderId = "";
    private int _pdfId;
    private int _docxId;

    public async Task InitializeAsync()
    {
        // Development: start-up adds the demo accounts to the seeded copy (liaison-fgw is 区发展改革委's liaison).
        _factory = new AppFactory(await SeedTemplates.SeededCopyAsync(server, "evidence_http"));
        _app = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("AirPlan:Evidence:StoragePath", _storeRoot);
            b.ConfigureTestServices(TestAuthentication.AddTo);
        });

        var services = _app.Services;
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        _liaisonId = (await users.FindByNameAsync("liaison-fgw"))!.Id;
        var outsider = new AppUser { UserName = "outsider", DisplayName = "外地领导" };
        Assert.True((await users.CreateAsync(outsider, "Outsider@2025")).Succeeded);
        _outsiderId = outsider.Id;

        var liaison = await services.GetRequiredService<UserContextLoader>().LoadAsync(_liaisonId);
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var assignmentId = await db.Assignments.Where(a => liaison.UnitIds.Contains(a.UnitId)).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();
        var evidence = services.GetRequiredService<EvidenceService>();
        _pdfId = (await evidence.UploadAsync(liaison, assignmentId, "孟津区整改报告.pdf", new MemoryStream(Samples.Pdf()), null)).Evidence!.Id;
        _docxId = (await evidence.UploadAsync(liaison, assignmentId, "台账 说明（第1版）.docx", new MemoryStream(Samples.Docx()), null)).Evidence!.Id;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        if (Directory.Exists(_storeRoot)) Directory.Delete(_storeRoot, recursive: true);
    }

    [Fact]
    public async Task APdfOpensInlineWithItsChineseNameAndIsNotSniffed()
    {
        var response = await GetAsync(_pdfId, _liaisonId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("孟津区整改报告.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''", response.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Samples.Pdf(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AWordDocumentIsOfferedAsAnAttachment()
    {
        var response = await GetAsync(_docxId, _liaisonId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("台账 说明（第1版）.docx", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task AUserWhoMayNotReadThePlanIsToldTheFileDoesNotExist()
    {
        var hidden = await GetAsync(_pdfId, _outsiderId);
        var missing = await GetAsync(999_999, _outsiderId);

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await hidden.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAnonymousRequestIsNotServed()
    {
        var response = await GetAsync(_pdfId, userId: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AFileStoredAsPdfWhoseBytesDoNotStartAsOneIsOfferedAsAnAttachment()
    {
        // As the old rule (a PDF header anywhere in the first kilobyte) stored a web page with "%PDF-" in a comment.
        var services = _app.Services;
        var bytes = Samples.HtmlWithPdfComment();
        await using (var staged = await services.GetRequiredService<IFileStore>().StageAsync(new MemoryStream(bytes), 1_000_000))
        {
            await staged.CommitAsync();
            await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var assignmentId = await db.Evidence.Where(e => e.Id == _pdfId).Select(e => e.AssignmentId).SingleAsync();
            var row = new AirPlan.Core.Domain.Evidence(assignmentId, null, "旧规则.pdf", "application/pdf", bytes.Length, staged.Sha256,
                _liaisonId, "测试", DateTimeOffset.UtcNow);
            db.Evidence.Add(row);
            await db.SaveChangesAsync();

            var response = await GetAsync(row.Id, _liaisonId);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task AnUnknownFileIsNotFound()
    {
        var response = await GetAsync(999_999, _liaisonId);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> GetAsync(int evidenceId, string? userId)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userId is not null) client.DefaultRequestHeaders.Add(TestAuthentication.Header, userId);
        return await client.GetAsync(EvidenceEndpoints.UrlFor(evidenceId));
    }
}
