using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PortOne.Sandbox.Api;

namespace PortOne.Sandbox.Control;

/// <summary>Injected latency and failures for /sandbox/api, so the app's resilience can be exercised.</summary>
internal sealed class Faults
{
    private volatile Settings _settings = new(0, 0);

    internal sealed record Settings(int LatencyMs, double ErrorRate);

    public Settings Current { get => _settings; set => _settings = value; }

    public static async ValueTask<object?> ApplyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = http.RequestServices.GetRequiredService<Faults>().Current;
        if (settings.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), http.RequestServices.GetRequiredService<TimeProvider>(), http.RequestAborted);
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
