using System.Net;
using System.Net.Sockets;

namespace AirPlan.Web.Tests.Support;

/// <summary>
/// A TCP relay to the test PostgreSQL that a test can cut and restore: a database outage for one app, while the shared server
/// keeps serving every other test class. Cutting closes the listener and every relayed connection (like a stopped server:
/// connections drop, new ones are refused); restoring listens on the same port again.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();

    public CuttableProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(targetHost).First(a => a.AddressFamily == AddressFamily.InterNetwork), targetPort);
        Port = Listen(0);
    }

    public int Port { get; }

    public void Cut()
    {
        _cut.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open) client.Close();
            _open.Clear();
        }
    }

    public void Restore()
    {
        _cut = new CancellationTokenSource();
        Listen(Port);
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        _listener = listener;
        var token = _cut.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                TcpClient incoming;
                try { incoming = await listener.AcceptTcpClientAsync(token); }
                catch (Exception) { return; }
                _ = RelayAsync(incoming, token);
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RelayAsync(TcpClient incoming, CancellationToken token)
    {
        var outgoing = new TcpClient();
        lock (_open) { _open.Add(incoming); _open.Add(outgoing); }
        try
        {
            await outgoing.ConnectAsync(_target, token);
            var a = incoming.GetStream();
            var b = outgoing.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, token), b.CopyToAsync(a, token));
        }
        catch (Exception) { }
        finally
        {
            incoming.Close();
            outgoing.Close();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
