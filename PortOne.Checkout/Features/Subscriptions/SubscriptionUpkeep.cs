using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>
/// Hands a settled charge to the subscription it belongs to. Resolved per call: the billing service
/// needs the sync that calls this observer.
/// </summary>
public sealed class SubscriptionChargeObserver(IServiceScopeFactory scopes) : IPaymentObserver
{
    public async Task OnTransitionAsync(Order order, PortOnePayment payment, string source, CancellationToken cancellationToken)
    {
        if (!order.MerchantUid.StartsWith("sub-", StringComparison.Ordinal))
        {
            return;
        }
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<SubscriptionBilling>().OnChargeSettledAsync(order, cancellationToken);
    }
}

/// <summary>
/// The subscriptions' road of last resort, as reconciliation is the orders': every pass re-drives each live
/// subscription, so a step lost to a crash or an unreachable PortOne (a schedule not registered, a next
/// charge not created) is taken later. Steps are idempotent, so a pass that finds nothing to do does nothing.
/// With several instances the loop runs on the one holding the job's lease (<see cref="JobLeases"/>).
/// </summary>
public sealed partial class SubscriptionUpkeep(IServiceScopeFactory scopes, SubscriptionStore store, IOptions<SubscriptionOptions> options,
    JobLeases leases, IHostApplicationLifetime lifetime, ILogger<SubscriptionUpkeep> logger) : BackgroundService
{
    /// <summary>The job's name in the lease table.</summary>
    public const string JobName = "subscription-upkeep";

    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var billing = scope.ServiceProvider.GetRequiredService<SubscriptionBilling>();
        foreach (var id in await store.ListLiveIdsAsync(cancellationToken))
        {
            try
            {
                await billing.AdvanceAsync(id, cancellationToken);
            }
            catch (PortOneApiException ex)
            {
                LogUnreachable(logger, ex, id);
            }
        }
        // Billing keys PortOne would not delete before, each once its pause is over.
        await scope.ServiceProvider.GetRequiredService<BillingKeyDeletions>().RetryDueAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.UpkeepEnabled)
        {
            return;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
        await leases.Job(JobName, options.Value.UpkeepInterval, logger).RunAsync(async cancellationToken =>
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
            }
        }, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId}: PortOne unreachable; the next pass retries")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, long subscriptionId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription upkeep pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
