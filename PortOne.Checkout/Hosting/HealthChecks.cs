using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Hosting;

/// <summary>Ready when the database opens and has applied every migration this build carries.</summary>
internal sealed class DatabaseHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = await migrator.PendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("migrations not applied: " + string.Join(", ", pending));
        }
        catch (DbException ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}

/// <summary>
/// Live mode: ready when PortOne issues a token for the configured key (the cached token counts while
/// it is fresh). A refusal is a wrong or revoked key, which no amount of waiting fixes: not ready, so a
/// deployment with a bad key never takes traffic. PortOne unreachable or failing is degraded (still
/// 200): it hits every instance alike, and taking them all out of rotation would close the whole shop
/// while webhooks answered 503 are re-sent anyway. Results are kept briefly, so a storm of probes
/// costs PortOne one call.
/// </summary>
internal sealed class PortOneHealthCheck(PortOneConnection connection, IServiceScopeFactory scopes, TimeProvider time) : IHealthCheck, IDisposable
{
    internal static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim _asking = new(1, 1);
    private Answer? _last;

    public void Dispose() => _asking.Dispose();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.IsSandbox)
        {
            return HealthCheckResult.Healthy("Sandbox mode: PortOne is served by this process");
        }
        if (Recent() is { } recent)
        {
            return recent;
        }
        await _asking.WaitAsync(cancellationToken);
        try
        {
            if (Recent() is { } askedByAnother)
            {
                return askedByAnother;
            }
            var result = await AskAsync(cancellationToken);
            _last = new Answer(result, time.GetUtcNow() + KeepFor);
            return result;
        }
        finally
        {
            _asking.Release();
        }
    }

    private HealthCheckResult? Recent() => _last is { } last && time.GetUtcNow() < last.Until ? last.Result : null;

    private async Task<HealthCheckResult> AskAsync(CancellationToken cancellationToken)
    {
        // The typed client is transient (its handler is recycled by the factory); this check is not.
        using var scope = scopes.CreateScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<PortOneClient>().EnsureTokenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (PortOneApiException ex) when (ex.IsTransient)
        {
            return HealthCheckResult.Degraded("PortOne unreachable or failing", ex);
        }
        catch (PortOneApiException ex)
        {
            return HealthCheckResult.Unhealthy("PortOne refused the API key", ex);
        }
    }

    private sealed record Answer(HealthCheckResult Result, DateTimeOffset Until);
}
