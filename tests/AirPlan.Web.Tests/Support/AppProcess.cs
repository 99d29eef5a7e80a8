using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// The built web app started as its own process (<c>dotnet AirPlan.Web.dll</c>), in Production, on a free loopback port,
/// with a content root and home folder of its own — as on a second machine. Its stdout (JSON logs) is kept line by line.
/// Only for what in-process hosts cannot show; every start costs seconds.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineWritten = new(0);
    private readonly StringBuilder _stderr = new();

    /// <summary>The folder the process runs in (content root) and its HOME, where a file key ring would default to.</summary>
    public string Folder { get; }

    public Uri Address { get; private set; } = default!;

    private AppProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    /// <summary>Starts the app and waits until it listens and /readyz says ready.</summary>
    public static async Task<AppProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("airplan-instance-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AirPlan.Web.dll"));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_CONTENTROOT"] = folder,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["HOME"] = folder,
            ["DOTNET_NOLOGO"] = "1",
            ["ConnectionStrings__AirPlan"] = connectionString,
            ["AirPlan__SeedsPath"] = RepoPaths.Seeds,
            ["AirPlan__Evidence__StoragePath"] = Path.Combine(folder, "evidence"),
            // As in AppFactory: no background work that would write into the test's database while it looks.
            ["AirPlan__Maintenance__Enabled"] = "false",
            ["AirPlan__Chasing__Enabled"] = "false",
            ["AirPlan__Notifications__DispatchEnabled"] = "false",
            ["AirPlan__Facts__WarmOnStart"] = "false",
            // The content root has no appsettings.json; the levels a test reads: where it listens, and one entry per request
            // written inside the app's pipeline (so it carries the request's scopes).
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var app = new AppProcess(new Process { StartInfo = start }, folder);
        app._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (app._lines) app._lines.Add(e.Data);
            app._lineWritten.Release();
        };
        app._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (app._stderr) app._stderr.AppendLine(e.Data);
        };
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            var listening = await app.WaitForLineAsync(l => l.Contains("Now listening on: http://", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            var message = JsonDocument.Parse(listening).RootElement.GetProperty("Message").GetString()!;
            app.Address = new Uri(message[(message.IndexOf("http://", StringComparison.Ordinal))..]);
            await app.WaitUntilReadyAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every stdout line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    /// <summary>The first stdout line (written so far or later) that matches; fails with what the app said when it exits or times out.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited) throw Failure($"AirPlan.Web 已退出（退出码 {_process.ExitCode}）");
            try
            {
                // Woken by the next line; the short cap notices an exit, which writes no line.
                await _lineWritten.WaitAsync(TimeSpan.FromSeconds(1), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw Failure("等待日志行超时");
            }
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var ready = await client.GetAsync("/readyz");
            if (ready.StatusCode == HttpStatusCode.OK) return;
            if (DateTime.UtcNow > deadline) throw Failure($"/readyz 返回 HTTP {(int)ready.StatusCode}");
            await Task.Delay(200);
        }
    }

    /// <summary>Runs the test's steps; a failure carries what both instances logged (their stdout is the only witness).</summary>
    public static async Task WithLogsOnFailureAsync(IEnumerable<AppProcess> apps, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(e.Message + string.Concat(apps.Select(a => $"\n--- {a.Address} ---\n" + string.Join('\n', a.Lines.TakeLast(30)))), e);
        }
    }

    private InvalidOperationException Failure(string what)
    {
        string stderr;
        lock (_stderr) stderr = _stderr.ToString();
        return new InvalidOperationException($"{what}\n--- stdout ---\n{string.Join('\n', Lines.TakeLast(40))}\n--- stderr ---\n{stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

/// <summary>
/// A cookie jar that sends every cookie back over plain http. Production cookies are <c>__Host-</c> and Secure, which
/// HttpClient's own jar keeps for https only; behind nginx the browser speaks https and the app sees http, as here.
/// </summary>
public sealed class PlainHttpCookies : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = new();

    public PlainHttpCookies() : base(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { }

    /// <summary>What the browser holds now (name → value): a thief's copy.</summary>
    public IReadOnlyDictionary<string, string> Snapshot()
    {
        lock (_cookies) return new Dictionary<string, string>(_cookies);
    }

    public void Replace(IReadOnlyDictionary<string, string> cookies)
    {
        lock (_cookies)
        {
            _cookies.Clear();
            foreach (var (name, value) in cookies) _cookies[name] = value;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        lock (_cookies)
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await base.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            lock (_cookies)
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';')[0];
                    var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                    // A deletion (expires in the past, empty value) removes it, as a browser would.
                    if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                    else _cookies[name] = value;
                }
        return response;
    }
}
