using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AirPlan.Web.Data;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AirPlan.Web.Tests.Hosting;

/// <summary>What an operator relies on: refused configuration stops the start with reasons; an error shows only its id, which the log has.</summary>
[Collection(HostingCollection.Name)]
public sealed class OperationsTests(PostgresServer server)
{
    [Fact]
    public async Task InvalidSettingsStopTheAppBeforeItStartsWithTheReasonsAndExitCode1()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AirPlan.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Nothing listens there: the app must stop on the settings before it tries the database.
        start.Environment["ConnectionStrings__AirPlan"] = "Host=127.0.0.1;Port=1;Database=airplan";
        start.Environment["AirPlan__Evidence__StoragePath"] = Path.Combine(Path.GetTempPath(), "airplan-invalid-settings");
        start.Environment["AirPlan__Evidence__UnitQuotaMegabytes"] = "0";
        start.Environment["AirPlan__Warnings__YellowDays"] = "-3";
        start.Environment["AirPlan__Proxy__KnownProxies"] = "10.0.0.5, nginx.internal";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.Equal(1, process.ExitCode);
        var message = await stderr;
        Assert.Contains("AirPlan 配置有误，未启动", message);
        Assert.Contains("AirPlan:Evidence:UnitQuotaMegabytes 必须大于 0", message);
        Assert.Contains("AirPlan:Warnings:YellowDays 必须在 0 到 366 之间", message);
        Assert.Contains("AirPlan:Proxy:KnownProxies 应为以逗号分隔的 IP 地址或网段", message);
        Assert.DoesNotContain("   at ", message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task AnApiErrorAnswersOnlyAnErrorIdThatTheLogHas(string environment)
    {
        var seeded = await SeededDatabase.GetAsync(server);
        var log = new CapturedLog();
        await using var app = new AppFactory(seeded.ConnectionString, environment).WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(log);
            s.AddTransient<IStartupFilter, FailingEndpoint>();
        }).ConfigureTestServices(TestAuthentication.AddTo));
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthentication.Header, "operations-test");

        var response = await client.GetAsync("/api/failing");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var errorId = JsonDocument.Parse(body).RootElement.GetProperty("errorId").GetString()!;
        Assert.Contains($"错误编号 {errorId}", body);
        Assert.DoesNotContain("secret-detail", body);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
        Assert.DoesNotContain("X-Echo", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(log.Entries, e => e.Contains(errorId) && e.Contains("secret-detail"));
    }

    [Fact]
    public async Task APageErrorShowsOnlyItsErrorIdWhichTheLogHasWithTheRequestIdAndTheUser()
    {
        var connectionString = await SeedTemplates.SeededCopyAsync(server, "errorpage");
        var log = new ScopedLog();
        await using var app = new AppFactory(connectionString, "Production").WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(log);
            s.AddTransient<IStartupFilter, FailingEndpoint>();
        }));
        string userName;
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "error-page", DisplayName = "测试 错误页" };
            Assert.True((await users.CreateAsync(user, SignIn.DemoPassword)).Succeeded);
                userName = user.UserName;
        }
        // Production cookies are Secure: the client speaks https, as a browser behind nginx would.
        var client = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add(AppFactory.RemoteAddressHeader, SignIn.NewAddress());
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, userName, SignIn.DemoPassword)).StatusCode);

        var response = await client.GetAsync("/failing-page");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var errorId = System.Text.RegularExpressions.Regex.Match(html, "错误编号：<code>([^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(errorId);
        Assert.DoesNotContain("secret-detail", html);
        Assert.DoesNotContain("   at ", html);
        var entry = Assert.Single(log.Entries, e => e.Message.Contains(errorId));
        Assert.Contains("secret-detail", entry.Message);
        Assert.Equal(errorId, entry.Scopes["RequestId"]);
        Assert.Equal("/failing-page", entry.Scopes["RequestPath"]);
        Assert.Equal(userName, entry.Scopes["UserName"]);
    }

    /// <summary>A request that fails inside the app, as a bug would; it carries a detail that must stay in the log.</summary>
    private sealed class FailingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, Func<Task> _) => context.Request.Path == "/api/failing" || context.Request.Path == "/failing-page"
                ? throw new InvalidOperationException("secret-detail")
                : Task.CompletedTask);
        };
    }

    /// <summary>Error entries with the scopes they were written in (what the JSON console prints under "Scopes").</summary>
    private sealed class ScopedLog : ILoggerProvider, ILogger, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
        public List<(string Message, Dictionary<string, string?> Scopes)> Entries { get; } = [];
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => _scopes.Push(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var scopes = new Dictionary<string, string?>();
            _scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> fields)
                    foreach (var (key, value) in fields) into[key] = value?.ToString();
            }, scopes);
            lock (Entries) Entries.Add((formatter(state, exception) + " " + exception?.Message, scopes));
        }
        public void Dispose() { }
    }

    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        public List<string> Entries { get; } = [];
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (Entries) Entries.Add(formatter(state, exception) + " " + exception?.Message);
        }
        public void Dispose() { }
    }
}
