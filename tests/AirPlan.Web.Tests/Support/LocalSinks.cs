using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace AirPlan.Web.Tests.Support;

/// <summary>An SMTP server in the test process (SmtpServer package) on a free loopback port, keeping what it receives.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    public int Port { get; }

    private SmtpSink(SmtpServer.SmtpServer server, CancellationTokenSource stop, Task running, int port, ConcurrentQueue<MimeMessage> received)
    {
        _server = server;
        _stop = stop;
        _running = running;
        Port = port;
        Received = received;
    }

    public static async Task<SmtpSink> StartAsync()
    {
        var received = new ConcurrentQueue<MimeMessage>();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received));
        services.Add(listeners);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).IsSecure(false)).Build();
        var server = new SmtpServer.SmtpServer(options, services);
        var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new SmtpSink(server, stop, running, port, received);
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { }
    }
}

/// <summary>
/// An HTTP endpoint on a free loopback port (Kestrel) that keeps every POST body by path; paths listed in
/// <see cref="Failing"/> answer 500, as a robot that is down would.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(string Path, string Query, string Body)> Received { get; } = new();
    public ConcurrentDictionary<string, bool> Failing { get; } = new();
    public string BaseUrl { get; }

    private HttpSink(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public IEnumerable<string> BodiesAt(string path) => Received.Where(r => r.Path == path).Select(r => r.Body);

    public static async Task<HttpSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        HttpSink? sink = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "";
            sink!.Received.Enqueue((path, context.Request.QueryString.Value ?? "", body));
            return sink.Failing.ContainsKey(path)
                ? Results.Text("robot unavailable", statusCode: 500)
                : Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        await app.StartAsync();
        // Kestrel replaces port 0 by the port it bound.
        var address = app.Urls.First();
        sink = new HttpSink(app, address.TrimEnd('/'));
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
