using System.Collections.Frozen;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Paralarva.Actors.Status;
using Prometheus;

namespace Paralarva.Host.Monitoring;

/// <summary>
/// The monitoring port's only endpoints: <c>/metrics</c> for Prometheus, <c>/healthz</c> for liveness,
/// <c>/readyz</c> for readiness, and <c>/status</c> (HTML) and <c>/status.json</c> for people and scripts.
/// Every other path is a 404 and every other method on these paths a 405: the port is for probes, scrapers and
/// operators, never for proxied traffic.
/// </summary>
/// <remarks>
/// One terminal handler looks the path up in a fixed table, as endpoint routing would for five literal paths
/// (case-insensitive, one trailing slash allowed), without loading and running the routing middleware: about
/// 1.8 MiB less resident after start.
/// </remarks>
internal static class MonitoringEndpoints
{
    private const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>
    /// Serves the endpoints; <see cref="ReadinessState"/> must be registered as a singleton, a <see cref="StatusBoard"/>
    /// may be (without one the status page shows no service).
    /// </summary>
    public static WebApplication MapMonitoring(this WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<ReadinessState>();
        var status = app.Services.GetService<StatusBoard>() ?? new StatusBoard();
        // Prometheus.Metrics.DefaultRegistry, where the host's MetricsActor records; the middleware negotiates the
        // text or OpenMetrics format from Accept, as prometheus-net's own endpoint does.
        var metrics = new MetricServerMiddleware(_ => Task.CompletedTask, new MetricServerMiddleware.Settings());

        var endpoints = new Dictionary<string, RequestDelegate>(StringComparer.OrdinalIgnoreCase)
        {
            ["/metrics"] = metrics.Invoke,
            ["/healthz"] = WriteLivenessAsync,
            ["/readyz"] = context => WriteReadinessAsync(context, readiness),
            ["/status"] = context => WriteStatusPageAsync(context, status),
            ["/status.json"] = context => WriteStatusJsonAsync(context, status),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

        app.Run(context => Dispatch(context, endpoints));
        return app;
    }

    private static Task Dispatch(HttpContext context, FrozenDictionary<string, RequestDelegate> endpoints)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Length > 1 && path[^1] == '/')
            path = path[..^1];
        if (!endpoints.TryGetValue(path, out var endpoint))
            return WriteTextAsync(context, StatusCodes.Status404NotFound, "not found\n");
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = HttpMethods.Get;
            return WriteTextAsync(context, StatusCodes.Status405MethodNotAllowed, "method not allowed\n");
        }

        return endpoint(context);
    }

    private static Task WriteStatusPageAsync(HttpContext context, StatusBoard status)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // No script, no external resource: the page cannot run or load anything.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return context.Response.WriteAsync(StatusPage.Render(status.Current), context.RequestAborted);
    }

    private static async Task WriteStatusJsonAsync(HttpContext context, StatusBoard status)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        StatusJson.Write(json, status.Current);
        await json.FlushAsync(context.RequestAborted);
    }

    // Liveness is about the process, not traffic: restarting the pod helps only when the actor
    // system itself is gone. Without an actor system registered (tests) the process counts as alive.
    private static Task WriteLivenessAsync(HttpContext context)
    {
        var system = context.RequestServices.GetService<ActorSystem>();
        return system is not null && system.WhenTerminated.IsCompleted
            ? WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "actor system terminated\n")
            : WriteTextAsync(context, StatusCodes.Status200OK, "ok\n");
    }

    private static Task WriteReadinessAsync(HttpContext context, ReadinessState readiness)
    {
        var reason = readiness.NotReadyReason();
        return reason is null
            ? WriteTextAsync(context, StatusCodes.Status200OK, "ready\n")
            : WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "not ready: " + reason + "\n");
    }

    private static Task WriteTextAsync(HttpContext context, int statusCode, string body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = TextPlain;
        // Probes are polled every few seconds: a cached answer would hide a change of state.
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
