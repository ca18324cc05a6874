using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// Liveness apart from readiness. <c>/healthz/live</c> (and <c>/healthz</c>, which always meant "the
/// process answers" and keeps meaning it for the probes already pointed at it) asks nothing: restarting
/// a process because its database or PortOne is away would not bring either back. <c>/healthz/ready</c>
/// answers 503 until this instance can take orders: the database opens and has every migration this
/// build carries, and in Live mode PortOne issues a token for the configured key.
/// </summary>
public static class Health
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<PortOneHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            // A check that outlives its timeout is PortOne being slow, not the key being wrong: degraded.
            .AddCheck<PortOneHealthCheck>("portone", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(5));
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        var live = new HealthCheckOptions { Predicate = _ => false };
        app.MapHealthChecks("/healthz", live);
        app.MapHealthChecks("/healthz/live", live);
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
