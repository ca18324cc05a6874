using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.Payments;

/// <summary>The <c>Reconciliation</c> configuration section.</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>Off only for tests that drive <see cref="Reconciliation.RunOnceAsync"/> themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a pass runs; also the first backoff step.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Reconciliation:Interval must be between 1 second and 1 day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An open order is left to the callback, redirect and webhook this long before reconciliation asks PortOne.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Reconciliation:MinimumAge must be between 0 and 1 day.")]
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest wait between two looks at an open order that PortOne keeps reporting unchanged.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Reconciliation:MaxBackoff must be between 1 second and 1 day.")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a paid order is re-read, to catch refunds made in PortOne's console.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Reconciliation:PaidInterval must be between 1 second and 7 days.")]
    public TimeSpan PaidInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Paid orders older than this are no longer re-read.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Reconciliation:PaidLookback must be between 0 and 365 days.")]
    public TimeSpan PaidLookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A pending order for which PortOne has no payment (or only a window left open) this long after it
    /// was placed is closed as abandoned, so it is not asked about forever. A payment that still
    /// arrives pays it, flagged for staff.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Reconciliation:AbandonAfter must be between 1 minute and 365 days.")]
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Orders looked at per pass and kind (open, paid).</summary>
    [Range(1, 10_000, ErrorMessage = "Reconciliation:BatchSize must be between 1 and 10000.")]
    public int BatchSize { get; set; } = 200;
}

/// <summary>What one pass did.</summary>
public sealed record ReconciliationReport(int Checked, int Applied, int Unreachable);

/// <summary>
/// The road of last resort: PortOne's webhook is sent once, the shopper's browser may never come back,
/// and this process may have died mid-sync. Every pass asks PortOne about each open order that has
/// waited long enough (with backoff while nothing changes) and re-reads recently paid ones on a slower
/// cadence, all through the one <see cref="PaymentSync"/>. It never fails an order because nothing
/// arrived; it expires a virtual account only when PortOne still reports it unpaid after its deadline,
/// and closes a pending order as abandoned only once PortOne has had nothing paid for it for
/// <see cref="ReconciliationOptions.AbandonAfter"/>.
/// The first pass runs at start-up, so a crash is healed without waiting. With several instances the
/// loop runs on the one holding the job's lease (<see cref="JobLeases"/>), and an instance that takes
/// it over from a dead one runs a pass at once. Two passes at the same time would still be safe, only
/// wasted: every change goes through the one sync's guarded transition.
/// </summary>
public sealed partial class Reconciliation(IServiceScopeFactory scopes, Db db, IOptions<ReconciliationOptions> options,
    TimeProvider time, JobLeases leases, IHostApplicationLifetime lifetime, ILogger<Reconciliation> logger) : BackgroundService
{
    // A scheduled charge is looked at only from its schedule time on: its order is created with
    // reconcile_after set to that time, so the query below skips it until then.
    private static readonly IReadOnlyList<string> Open = OrderStatus.AwaitingPortOne;
    private static readonly IReadOnlyList<string> Settled = OrderStatus.Settled;

    /// <summary>The job's name in the lease table.</summary>
    public const string JobName = "reconciliation";

    private readonly ReconciliationOptions _options = options.Value;
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>One pass over every order that is due; safe to call while the background loop runs.</summary>
    public async Task<ReconciliationReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken);
        using var activity = PaymentMetrics.StartReconciliationPass();
        try
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            var open = await ListDueAsync(Open, now - (long)_options.MinimumAge.TotalSeconds, null, now,
                _options.BatchSize, cancellationToken);
            var settled = await ListDueAsync(Settled, now, now - (long)_options.PaidLookback.TotalSeconds, now,
                _options.BatchSize, cancellationToken);

            // A scope per pass: the typed PortOne client's handler is recycled as the factory intends.
            using var scope = scopes.CreateScope();
            var sync = scope.ServiceProvider.GetRequiredService<PaymentSync>();
            var portOne = scope.ServiceProvider.GetRequiredService<PortOneClient>();
            int applied = 0, unreachable = 0;
            foreach (var order in open.Concat(settled))
            {
                var isOpen = Open.Contains(order.Status);
                try
                {
                    var result = await CheckAsync(sync, portOne, order, _options.AbandonAfter, cancellationToken);
                    if (result?.Outcome == SyncOutcome.Applied)
                    {
                        applied++;
                        // The transition reset the bookkeeping: a newly paid order gets one early re-read.
                        continue;
                    }
                    await ScheduleAsync(order, isOpen, now, cancellationToken);
                }
                catch (PortOneApiException ex)
                {
                    unreachable++;
                    LogUnreachable(logger, ex, order.MerchantUid);
                    await ScheduleAsync(order, isOpen, now, cancellationToken);
                }
            }
            if (open.Count + settled.Count > 0)
            {
                LogPass(logger, open.Count + settled.Count, applied, unreachable);
            }
            return new ReconciliationReport(open.Count + settled.Count, applied, unreachable);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// By imp_uid once we know it (a paid order's refunds), otherwise by merchant_uid: a paid payment
    /// first, since a later abandoned window must not hide it, then whatever PortOne has last. A
    /// pending order that PortOne still has nothing paid for is closed once the horizon has passed.
    /// </summary>
    private static async Task<SyncResult?> CheckAsync(PaymentSync sync, PortOneClient portOne, ReconcileCandidate order, TimeSpan abandonAfter,
        CancellationToken cancellationToken)
    {
        if (order.ImpUid is { } impUid && !Open.Contains(order.Status))
        {
            return await sync.SyncAsync(impUid, SyncSource.Reconciliation, cancellationToken);
        }
        var payment = await portOne.FindPaymentAsync(order.MerchantUid, "paid", cancellationToken)
            ?? await portOne.FindPaymentAsync(order.MerchantUid, cancellationToken);
        if (payment is not null)
        {
            var result = await sync.ApplyAsync(payment, SyncSource.Reconciliation, cancellationToken);
            if (result.Outcome != SyncOutcome.Unchanged || order.Status != OrderStatus.Pending)
            {
                return result;
            }
        }
        // Nothing paid at PortOne: the shopper may still be in the window, so only the horizon closes it.
        return order.Status == OrderStatus.Pending
            ? await sync.AbandonIfUnpaidAsync(order.MerchantUid, payment, abandonAfter, cancellationToken)
            : null;
    }

    private Task ScheduleAsync(ReconcileCandidate order, bool isOpen, long now, CancellationToken cancellationToken)
    {
        if (!isOpen)
        {
            return ScheduleNextLookAsync(order.Id, 0, now + (long)_options.PaidInterval.TotalSeconds, cancellationToken);
        }
        var attempts = order.ReconcileAttempts + 1;
        var backoff = Math.Min(_options.Interval.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 30)), _options.MaxBackoff.TotalSeconds);
        return ScheduleNextLookAsync(order.Id, attempts, now + (long)backoff, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }
        // PortOne's base address (Sandbox mode) is known only once the server is listening.
        await WhenStartedAsync(stoppingToken);
        await leases.Job(JobName, _options.Interval, logger).RunAsync(async cancellationToken =>
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

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        return started.Task;
    }

    /// <summary>
    /// Orders to look at now: in <paramref name="statuses"/>, untouched since <paramref name="updatedBefore"/>,
    /// paid after <paramref name="paidAfter"/> (when given), and not backed off past <paramref name="now"/>.
    /// Most overdue first.
    /// </summary>
    private async Task<IReadOnlyList<ReconcileCandidate>> ListDueAsync(IReadOnlyCollection<string> statuses,
        long updatedBefore, long? paidAfter, long now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ReconcileCandidate>($"""
            SELECT id AS Id, merchant_uid AS MerchantUid, status AS Status, imp_uid AS ImpUid, reconcile_attempts AS ReconcileAttempts FROM orders
            WHERE {db.Sql.InList("status", "@statuses")} AND updated_at <= @updatedBefore AND reconcile_after <= @now
              AND (@paidAfter IS NULL OR paid_at >= @paidAfter)
            ORDER BY reconcile_after, updated_at LIMIT @limit;
            """, new { statuses, updatedBefore, paidAfter, now, limit })).AsList();
    }

    /// <summary>When to look at an order next; touches nothing the order's state depends on (a transition resets both).</summary>
    private async Task ScheduleNextLookAsync(long orderId, long attempts, long after, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE orders SET reconcile_attempts = @attempts, reconcile_after = @after WHERE id = @orderId;",
            new { orderId, attempts, after });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation could not ask PortOne about {MerchantUid}; will retry")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string merchantUid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation checked {Checked} orders: {Applied} changed, {Unreachable} not reachable at PortOne")]
    private static partial void LogPass(ILogger logger, int @checked, int applied, int unreachable);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }
}

/// <summary>What reconciliation needs to know of an order to re-check it.</summary>
public sealed record ReconcileCandidate(long Id, string MerchantUid, string Status, string? ImpUid, long ReconcileAttempts);
