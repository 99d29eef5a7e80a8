using System.Net;
using AirPlan.Web.Data;
using AirPlan.Web.Features.Reports;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AirPlan.Web.Tests.Features.Reports;

[Collection(PostgresCollection.Name)]
public sealed class ReportEndpointTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _factory = default!;
    private WebApplicationFactory<Program> _app = default!;
    private string _liaisonId = "";
    private readonly string _quarter = QuarterKey.Of(DateOnly.FromDateTime(DateTime.Now));

    public async Task InitializeAsync()
    {
        // Development: start-up imports the seeds and adds the demo accounts (liaison-fgw is 区发展改革委's liaison).
        _factory = new AppFactory(await SeedTemplates.SeededCopyAsync(server, "reports_http"));
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(TestAuthentication.AddTo));
        using var scope = _app.Services.CreateScope();
        _liaisonId = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("liaison-fgw"))!.Id;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task TheQuarterlyLedgerDownloadsAsAnAttachmentWithItsChineseFileName()
    {
        var response = await GetAsync(ReportEndpoints.QuarterlyUrl("mengjin-2024", _quarter), _liaisonId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(QuarterlyReportService.ContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"孟津区任务推进台账_{_quarter}.xlsx", response.Content.Headers.ContentDisposition.FileNameStar);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        Assert.Equal("汇总", workbook.Worksheet(1).Name);
    }

    [Fact]
    public async Task AnonymousBadAndOutOfReachRequestsAreRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(ReportEndpoints.QuarterlyUrl("mengjin-2024", _quarter), null)).StatusCode);
        var bad = await GetAsync(ReportEndpoints.QuarterlyUrl("mengjin-2024", "2025-3"), _liaisonId);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("格式", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(ReportEndpoints.QuarterlyUrl("no-such-plan", _quarter), _liaisonId)).StatusCode);
    }

    [Fact]
    public async Task TheLedgerTemplateDownloads()
    {
        var response = await GetAsync(ReportEndpoints.TemplateUrl, _liaisonId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("任务台账导入模板.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? userId)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (userId is not null) client.DefaultRequestHeaders.Add(TestAuthentication.Header, userId);
        return await client.GetAsync(url);
    }
}
