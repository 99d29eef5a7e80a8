using System.Diagnostics;
using System.Net;
using AirPlan.Web.Tests.Hosting;
using AirPlan.Web.Tests.Infrastructure;
using AirPlan.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AirPlan.Web.Tests.Browser;

/// <summary>
/// The real app on a real loopback port (Kestrel, a fresh copy of the seeded database, demo accounts) plus one headless Chromium,
/// shared by the tests of one class. Each signed-in user gets its own browser context (cookie jar).
/// </summary>
public sealed class BrowserApp : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// How long a step may wait for the page. The browser classes run beside the other test collections on two cores, and a
    /// first dashboard builds three years of month-end figures, so a step that takes 2 s alone can take 15 s there. These are
    /// waits for something to happen, not speed checks (those are in bench/).
    /// </summary>
    public const float Patience = 40_000;
    public const string Password = SignIn.DemoPassword;

    public static readonly ViewportSize Desktop = new() { Width = 1400, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly string _evidenceDir;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _cspViolations = [];

    /// <summary>What the Content-Security-Policy refused on any page of this app so far (should stay empty).</summary>
    public IReadOnlyList<string> CspViolations
    {
        get { lock (_cspViolations) return _cspViolations.ToList(); }
    }

    public AppFactory Factory { get; }
    public string BaseUrl { get; }
    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }
    public TimeSpan StartupTime { get; }

    private BrowserApp(AppFactory factory, string baseUrl, IPlaywright playwright, IBrowser browser, string evidenceDir, TimeSpan startup)
    {
        Factory = factory;
        BaseUrl = baseUrl;
        Playwright = playwright;
        Browser = browser;
        _evidenceDir = evidenceDir;
        StartupTime = startup;
    }

    public static async Task<BrowserApp> StartAsync(PostgresServer server, string databasePrefix = "browser")
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"浏览器测试需要 Chromium（{ChromiumPath}）。请先安装：sudo apt-get install chromium  (browser tests need Chromium: apt-get install chromium)");

        var stopwatch = Stopwatch.StartNew();
        var connectionString = await SeedTemplates.SeededCopyAsync(server, databasePrefix);
        var evidenceDir = Directory.CreateTempSubdirectory("airplan-browser-evidence-").FullName;
        var factory = new AppFactory(connectionString, "Development", new Dictionary<string, string?>
        {
            ["AirPlan:Evidence:StoragePath"] = evidenceDir,
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));

        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        SetDefaultExpectTimeout(Patience);
        return new BrowserApp(factory, address.TrimEnd('/'), playwright, browser, evidenceDir, stopwatch.Elapsed);
    }

    /// <summary>A fresh, signed-out browser context (its own cookies) with one page.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = viewport ?? Desktop,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(Patience);
        lock (_contexts) _contexts.Add(context);
        var page = await context.NewPageAsync();
        // Surface server-side (circuit) failures in the test output instead of a silent stuck page.
        page.PageError += (_, error) => Console.WriteLine($"[browser] page error: {error}");
        // Chromium reports each script, style, frame or connection the Content-Security-Policy blocked on the console.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (_cspViolations) _cspViolations.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }

    /// <summary>A new context signed in as <paramref name="userName"/> through the login form, on /my or <paramref name="returnUrl"/>.</summary>
    public async Task<IPage> SignInAsync(string userName, ViewportSize? viewport = null, string? returnUrl = null)
    {
        var page = await NewPageAsync(viewport);
        await SignInOnAsync(page, userName, returnUrl);
        return page;
    }

    /// <summary>Fills and posts the login form on <paramref name="page"/> and waits for the interactive app.</summary>
    public static async Task SignInOnAsync(IPage page, string userName, string? returnUrl = null, string password = Password)
    {
        await page.GotoAsync(returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出登录" })).ToBeVisibleAsync();
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Signs out with the app bar's 退出 button.</summary>
    public static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>Loads <paramref name="path"/> and waits until the Blazor circuit has taken over (clicks are handled).</summary>
    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
    }

    /// <summary>
    /// Prerendered buttons look clickable before the circuit is connected; MainLayout marks its root with data-interactive
    /// once it renders on the circuit, after which event handlers are attached.
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.querySelector('[data-interactive]') !== null", null, new() { Timeout = Patience });

    public static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    /// <summary>A full-page PNG under docs/screenshots, taken once spinners and snackbars have settled.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Only spinners: determinate bars (plan progress on 总览) are content.
        await Expect(page.Locator(".mud-progress-indeterminate, .mud-table-loading-progress")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath(name), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            try { await context.CloseAsync(); } catch (PlaywrightException) { }
        }
        await Browser.CloseAsync();
        Playwright.Dispose();
        await Factory.DisposeAsync();
        try { Directory.Delete(_evidenceDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// One <see cref="BrowserApp"/> per test class: xunit makes a class instance per test, so the app is started by the first
/// test that asks (it needs the collection's <see cref="PostgresServer"/>) and stopped when the class is done.
/// </summary>
public sealed class BrowserAppFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BrowserApp? _app;

    public async Task<BrowserApp> GetAsync(PostgresServer server, string databasePrefix)
    {
        await _gate.WaitAsync();
        try
        {
            return _app ??= await BrowserApp.StartAsync(server, databasePrefix);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _gate.Dispose();
    }
}
