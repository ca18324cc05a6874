using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortOne.Sandbox.Api;

namespace PortOne.Sandbox.Control;

/// <summary>Injected latency and failures for /sandbox/api, so the app's resilience can be exercised.</summary>
internal sealed class Faults
{
    private volatile Settings _settings = new(0, 0);
    private readonly ConcurrentDictionary<long, string> _held = new();
    private long _lastCall;

    internal sealed record Settings(int LatencyMs, double ErrorRate);

    public Settings Current { get => _settings; set => _settings = value; }

    /// <summary>
    /// The calls waiting out the latency right now, as <c>GET /sandbox/api/payments/imp_…</c>: a test sees
    /// that a call reached PortOne and is held there, instead of guessing how long that takes.
    /// </summary>
    public IReadOnlyList<string> Held => [.. _held.Values];

    public static async ValueTask<object?> ApplyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var faults = http.RequestServices.GetRequiredService<Faults>();
        var settings = faults.Current;
        if (settings.LatencyMs > 0)
        {
            var call = Interlocked.Increment(ref faults._lastCall);
            faults._held[call] = $"{http.Request.Method} {http.Request.Path}";
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), http.RequestServices.GetRequiredService<TimeProvider>(), http.RequestAborted);
            }
            finally
            {
                faults._held.TryRemove(call, out _);
            }
        }
        // Not security-relevant, but the analyzers ask for a CSPRNG and it costs nothing here.
        if (settings.ErrorRate > 0 && RandomNumberGenerator.GetInt32(1_000_000) < settings.ErrorRate * 1_000_000)
        {
            return RandomNumberGenerator.GetInt32(2) == 0
                ? Envelope.Error(StatusCodes.Status500InternalServerError, "Internal Server Error (sandbox fault)")
                : Envelope.Error(StatusCodes.Status503ServiceUnavailable, "Service Unavailable (sandbox fault)");
        }
        return await next(context);
    }
}
