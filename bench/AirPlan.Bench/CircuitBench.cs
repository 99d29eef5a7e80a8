using System.Diagnostics;
using System.Text;
using Microsoft.Playwright;

namespace AirPlan.Bench;

/// <summary>
/// Live circuits: one headless Chromium (the system's, never a download) with N contexts, each signed in and holding the page
/// open over its Blazor circuit; then the 仅逾期 filter is clicked in every context at once, several rounds, timing click → the
/// table's "共 N 条" caption changing. Server memory per circuit = (working set with N circuits − idle baseline) / N.
/// </summary>
public static class CircuitBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var url = args.Require("url").TrimEnd('/');
        var pid = int.Parse(args.Require("pid"));
        var contexts = args.Int("contexts", 30);
        var rounds = args.Int("rounds", 4);
        var path = args.Get("path") ?? "/tasks";
        var user = args.Get("user") ?? BenchAccounts.County;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = args.Get("chromium") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });

        // Sign in once; every context reuses the cookie (each still gets its own circuit).
        var login = await browser.NewContextAsync();
        var lp = await login.NewPageAsync();
        await lp.GotoAsync(url + "/account/login");
        await lp.FillAsync("#username", user);
        await lp.FillAsync("#password", BenchAccounts.Password);
        await lp.Locator("button[type=submit]").First.ClickAsync();
        await lp.WaitForURLAsync(u => !u.Contains("/account/login"), new PageWaitForURLOptions { Timeout = 30_000 });
        var state = await login.StorageStateAsync();
        await login.CloseAsync();

        // One throwaway circuit first, so JIT, MudBlazor and EF caches are warm before the baseline is read.
        var warmContext = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = state });
        var warmPage = await warmContext.NewPageAsync();
        await warmPage.GotoAsync(url + path);
        await Caption(warmPage).WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await ClickRoundAsync([warmPage], 120_000);
        await ClickRoundAsync([warmPage], 120_000);
        await warmContext.CloseAsync();
        await Task.Delay(5000);
        var baseline = WorkingSetMb(pid);
        var managedBaseline = await ManagedMbAsync(url);
        Console.WriteLine($"baseline working set {baseline:F1} MB, managed heap {managedBaseline:F1} MB");

        var pages = new List<IPage>();
        for (var i = 0; i < contexts; i++)
        {
            var ctx = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = state });
            var page = await ctx.NewPageAsync();
            await page.GotoAsync(url + path);
            await Caption(page).WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            pages.Add(page);
        }
        // Warm-up round (not timed): proves each circuit is interactive and leaves the filter toggled; then let them settle.
        Console.WriteLine($"window.Blazor: {await pages[0].EvaluateAsync<string>("() => typeof window.Blazor")}");
        var warm = await ClickRoundAsync(pages, 120_000);
        Console.WriteLine($"warm-up round: {warm.Count(double.IsNaN)} failed of {warm.Length}");
        await Task.Delay(5000);
        var loaded = WorkingSetMb(pid);
        var perCircuit = (loaded - baseline) / contexts;
        var managedLoaded = await ManagedMbAsync(url);
        var managedPerCircuit = (managedLoaded - managedBaseline) / contexts;
        Console.WriteLine($"{contexts} circuits: working set {loaded:F1} MB → {perCircuit:F2} MB per circuit; managed heap {managedLoaded:F1} MB → {managedPerCircuit:F2} MB per circuit");

        // One at a time: every context clicks in turn while all circuits stay open (the latency one user sees).
        var sequential = new List<double>();
        var errors = 0;
        for (var round = 0; round < 2; round++)
            foreach (var page in pages)
            {
                var r = (await ClickRoundAsync([page], 30_000))[0];
                if (double.IsNaN(r)) errors++; else sequential.Add(r);
            }
        var seq = Stats.Of(sequential);
        Console.WriteLine($"sequential clicks: p50 {seq.P50:F0} p95 {seq.P95:F0} ms");

        // All at once: every context clicks together (a burst of N simultaneous filter changes; browser and server share 2 cores).
        var samples = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var results = await ClickRoundAsync(pages, 30_000);
            foreach (var r in results) if (double.IsNaN(r)) errors++; else samples.Add(r);
            await Task.Delay(500);
        }
        var after = WorkingSetMb(pid);
        var stats = Stats.Of(samples);

        var md = new StringBuilder();
        md.AppendLine($"| measure | value | target |");
        md.AppendLine("|---|---:|---|");
        md.AppendLine($"| circuits (Chromium contexts on {path}, user {user}) | {contexts} | 30 |");
        md.AppendLine($"| click → update, one context at a time ({sequential.Count} clicks), p50 / p95 / max | {seq.P50:F0} / {seq.P95:F0} / {seq.Max:F0} ms | p95 < 200 ms |");
        md.AppendLine($"| click → update, all {contexts} at once ({samples.Count} clicks, {rounds} rounds), p50 / p95 / max | {stats.P50:F0} / {stats.P95:F0} / {stats.Max:F0} ms | p95 < 200 ms |");
        md.AppendLine($"| failed clicks | {errors} | 0 |");
        md.AppendLine($"| server working set: idle baseline → {contexts} circuits → after clicks | {baseline:F0} → {loaded:F0} → {after:F0} MB | |");
        md.AppendLine($"| memory per circuit, working set ((loaded − baseline) / {contexts}) | {perCircuit:F2} MB | < 2 MB |");
        md.AppendLine($"| managed heap after a full GC: idle baseline → {contexts} circuits | {managedBaseline:F1} → {managedLoaded:F1} MB | |");
        md.AppendLine($"| memory per circuit, managed heap ((loaded − baseline) / {contexts}) | {managedPerCircuit:F2} MB | < 2 MB |");
        Console.WriteLine(md);
        if (args.Get("out") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        return 0;
    }

    /// <summary>Clicks 仅逾期 in every page at once; per page, ms from click to the "共 N 条" caption changing (NaN on failure).</summary>
    private static Task<double[]> ClickRoundAsync(List<IPage> pages, int timeout) => Task.WhenAll(pages.Select(async page =>
    {
        try
        {
            var before = await Caption(page).InnerTextAsync();
            var sw = Stopwatch.StartNew();
            await page.GetByText("仅逾期").ClickAsync();
            await page.WaitForFunctionAsync(
                "prev => { const e = [...document.querySelectorAll('.mud-table-pagination-caption')].find(x => x.textContent.includes('共')); return e && e.textContent !== prev; }",
                before, new PageWaitForFunctionOptions { Timeout = timeout, PollingInterval = 5 });
            return sw.Elapsed.TotalMilliseconds;
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            Console.Error.WriteLine($"click failed: {e.Message.Split('\n')[0]}");
            return double.NaN;
        }
    }));

    private static ILocator Caption(IPage page) => page.Locator(".mud-table-pagination-caption").Filter(new LocatorFilterOptions { HasText = "共" });

    /// <summary>Live managed heap of the app after a full GC (its /diagnostics/memory endpoint); NaN when it is not enabled.</summary>
    private static async Task<double> ManagedMbAsync(string url)
    {
        using var http = new HttpClient();
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url + "/diagnostics/memory"));
            return json.RootElement.GetProperty("managedBytes").GetInt64() / 1024.0 / 1024.0;
        }
        catch (HttpRequestException)
        {
            return double.NaN;
        }
    }

    private static double WorkingSetMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }
}
