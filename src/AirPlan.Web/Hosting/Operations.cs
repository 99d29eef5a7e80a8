using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using AirPlan.Web.Common;
using AirPlan.Web.Data;
using AirPlan.Web.Infrastructure.Backup;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AirPlan.Web.Hosting;

/// <summary>
/// Running AirPlan on a server (docs/operations.md): JSON logs in Production with the request id and the user name in every
/// entry of a request or circuit; an error id (错误编号) on the error page and in API problem responses that finds the
/// logged exception, with nothing else of it shown; settings checked before anything starts; backup and restore.
/// </summary>
public static class Operations
{
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        // The web app only: the command line's stdout/stderr are read by people and scripts.
        if (builder.Environment.IsProduction() && builder is WebApplicationBuilder)
        {
            // One JSON object a line, scopes included (RequestId, UserName, CircuitId): what log collectors index.
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                // Chinese messages as characters, not \uXXXX escapes: people read these logs.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
            });
        }

        builder.Services.AddOptions<DatabaseSettings>()
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString(DataServiceExtensions.ConnectionStringName))
            .ValidateDataAnnotations()
            .Validate(o => DatabaseSettings.Parses(o.ConnectionString), "ConnectionStrings:AirPlan 无法解析（应形如 Host=服务器;Database=airplan;Username=用户;Password=密码）")
            .ValidateOnStart();
        builder.Services.AddOptions<SecuritySettings>()
            .Bind(builder.Configuration.GetSection("AirPlan:Security"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<WarningSettings>()
            .Bind(builder.Configuration.GetSection("AirPlan:Warnings"))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Behind nginx (docs/operations.md): the client's address and https come from X-Forwarded-For/-Proto, and only when the
        // request comes from a proxy in AirPlan:Proxy:KnownProxies (loopback when unset). Anyone else could otherwise choose
        // the address that sign-in throttling counts and the 操作记录 shows.
        builder.Services.AddOptions<ProxySettings>()
            .Bind(builder.Configuration.GetSection(ProxySettings.Section))
            .Validate(o => o.Unreadable().Count == 0, ProxySettings.UnreadableMessage)
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxySettings>>((o, proxy) => proxy.Value.Apply(o));
        builder.Services.AddSingleton<BackupArchive>();
        builder.Services.AddExceptionHandler<ErrorIds>();
        builder.Services.AddScoped<CircuitHandler, CircuitLogScope>();
        return builder;
    }

    /// <summary>
    /// Runs every ValidateOnStart check now, before the database is touched; on failure prints what is wrong and returns
    /// false, and Program exits with code 1 (a supervisor sees a failed start, not a crash loop with a stack trace).
    /// </summary>
    public static bool ConfigurationIsValid(this WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine("AirPlan 配置有误，未启动：");
            foreach (var failure in e.Failures) Console.Error.WriteLine("  - " + failure);
            return false;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            Console.Error.WriteLine("AirPlan 配置有误，未启动：");
            foreach (var failure in e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures))
                Console.Error.WriteLine("  - " + failure);
            return false;
        }
    }

    /// <summary>First in the pipeline: the scheme and client address as the proxy saw them (secure cookies, redirects, logs).</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }

    /// <summary>
    /// Unhandled exceptions: the API answers a problem body with the error id, pages show /Error with it. Also in
    /// Development for /api, so no environment echoes a stack trace or request headers to an API caller.
    /// </summary>
    public static WebApplication UseErrorIds(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true, SuppressDiagnosticsCallback = _ => true });
        }
        else
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
                api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", SuppressDiagnosticsCallback = _ => true }));
        }
        return app;
    }

    /// <summary>The user name in the log scope of everything a request does (the host's scope already has RequestId and TraceId).</summary>
    public static WebApplication UseRequestLogScope(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AirPlan.Requests");
        app.Use(async (context, next) =>
        {
            using (UserScope(logger, context))
                await next(context);
        });
        return app;
    }

    /// <summary>
    /// The user in a log scope. The error handler runs outside the request's scope (the exception has left it), so it opens
    /// this again: the one entry an operator looks for says whose request failed.
    /// </summary>
    internal static IDisposable? UserScope(ILogger logger, HttpContext context) =>
        logger.BeginScope(new LogFields(("UserName", context.User.Identity?.Name ?? "-")));

    /// <summary>The id shown to the user and written with the exception: the request's TraceIdentifier, also in every log scope of the request.</summary>
    public static string ErrorIdOf(HttpContext context) => context.TraceIdentifier;
}

/// <summary>Logs each unhandled exception once with its 错误编号; API callers get a problem body with only that id.</summary>
internal sealed class ErrorIds(ILogger<ErrorIds> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var errorId = Operations.ErrorIdOf(context);
        // By now the request's path is already /Error (the page to re-execute); the feature keeps the one that failed.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? context.Request.Path.Value ?? "";
        using (Operations.UserScope(logger, context))
            logger.LogError(exception, "未处理的错误，错误编号 {ErrorId}：{Method} {Path}", errorId, context.Request.Method, path);
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return false;
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsJsonAsync(new { title = $"服务器内部错误，请联系系统管理员并提供错误编号 {errorId}", status = 500, errorId },
            (JsonSerializerOptions?)null, "application/problem+json; charset=utf-8", ct);
        return true;
    }
}

/// <summary>Every inbound event of a Blazor circuit (clicks, renders) logs with the circuit id and the signed-in user's name.</summary>
internal sealed class CircuitLogScope(AuthenticationStateProvider authentication, ILogger<CircuitLogScope> logger) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var state = await authentication.GetAuthenticationStateAsync();
            using (logger.BeginScope(new LogFields(("CircuitId", context.Circuit.Id), ("UserName", state.User.Identity?.Name ?? "-"))))
                await next(context);
        };
}

/// <summary>
/// Fields of a log scope. Log collectors read them one by one; the JSON console also prints the scope's text as its
/// "Message", which for a plain dictionary is its type name, so this one reads like the host's own scopes (UserName:chief).
/// </summary>
internal sealed class LogFields(params (string Key, object? Value)[] fields) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => fields.Length;
    public KeyValuePair<string, object?> this[int index] => new(fields[index].Key, fields[index].Value);
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value)).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => string.Join(", ", fields.Select(f => $"{f.Key}:{f.Value}"));
}

/// <summary>ConnectionStrings:AirPlan, set by the operator or by the embedded default before this is checked.</summary>
public sealed class DatabaseSettings
{
    [Required(ErrorMessage = "未配置数据库连接字符串 ConnectionStrings:AirPlan")]
    public string? ConnectionString { get; set; }

    public static bool Parses(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return true; // [Required] says so
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrWhiteSpace(parsed.Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>AirPlan:Security (read by Features/Admin/Accounts; checked here).</summary>
public sealed class SecuritySettings
{
    // 0 checks the security stamp on every request (the accounts tests do; costly for a real site but valid).
    [Range(0, 86_400, ErrorMessage = "AirPlan:Security:StampValidationSeconds 必须在 0 到 86400 之间")]
    public double StampValidationSeconds { get; set; } = 60;
}

/// <summary>
/// AirPlan:Proxy: the reverse proxies whose X-Forwarded-For/-Proto are believed, as IP addresses or networks
/// (<c>10.0.0.5, 172.18.0.0/16</c>); unset means loopback only (nginx on the same machine), empty means none.
/// </summary>
public sealed class ProxySettings
{
    public const string Section = "AirPlan:Proxy";
    public const string KnownProxiesKey = Section + ":KnownProxies";
    public const string UnreadableMessage = "AirPlan:Proxy:KnownProxies 应为以逗号分隔的 IP 地址或网段（如 10.0.0.5, 172.18.0.0/16）";

    public string? KnownProxies { get; set; }

    private IEnumerable<string> Entries() =>
        KnownProxies is null ? ["127.0.0.0/8", "::1"] : KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> Unreadable() => Entries().Where(e => Parse(e) is null).ToList();

    public IEnumerable<System.Net.IPNetwork> Networks() => Entries().Select(Parse).OfType<System.Net.IPNetwork>();

    /// <summary>
    /// The framework's defaults (loopback) are replaced, not added to: the setting is the whole list. An empty list means
    /// no proxy at all; the middleware would read an empty list as "believe everyone", so the headers are switched off.
    /// </summary>
    public void Apply(ForwardedHeadersOptions options)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in Networks()) options.KnownIPNetworks.Add(network);
        options.ForwardedHeaders = options.KnownIPNetworks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
    }

    /// <summary>An address is the network of just itself.</summary>
    private static System.Net.IPNetwork? Parse(string entry) =>
        System.Net.IPAddress.TryParse(entry, out var address)
            ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : System.Net.IPNetwork.TryParse(entry, out var network) ? network : null;
}

/// <summary>AirPlan:Warnings (read by the status engine; checked here).</summary>
public sealed class WarningSettings
{
    [Range(0, 366, ErrorMessage = "AirPlan:Warnings:YellowDays 必须在 0 到 366 之间")]
    public int YellowDays { get; set; } = Core.Rules.WarningLights.DefaultYellowDays;
}
