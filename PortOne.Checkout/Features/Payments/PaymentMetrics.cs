using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// What the money path tells an operator: one <see cref="Meter"/> and one <see cref="ActivitySource"/>.
/// Every tag comes from a small fixed vocabulary (sync source and outcome, order state, PortOne
/// endpoint template, HTTP status): never an imp_uid, a merchant_uid, an amount or anything a shopper
/// typed, so nothing here is personal and no series grows with the number of orders. Without a
/// listener (no OTLP endpoint configured) every call below is a flag check.
/// </summary>
public sealed class PaymentMetrics
{
    public const string Name = "PortOne.Checkout.Payments";

    internal static readonly ActivitySource Activities = new(Name);

    private static readonly string[] Open = [OrderStatus.Pending, OrderStatus.AwaitingDeposit];
    private static readonly string[] Settled = [OrderStatus.Paid, OrderStatus.PartiallyRefunded];

    private readonly Counter<long> _syncs;
    private readonly Counter<long> _transitions;
    private readonly Counter<long> _webhookAnswers;
    private readonly Histogram<double> _portOneDuration;
    private readonly Counter<long> _portOneErrors;
    private readonly Db _db;
    private readonly string _backlogSql;
    private readonly ReconciliationOptions _reconciliation;
    private readonly TimeProvider _time;

    public PaymentMetrics(IMeterFactory meters, Db db, IOptions<ReconciliationOptions> reconciliation, TimeProvider time)
    {
        _db = db;
        _backlogSql = BacklogSql(db.Sql);
        _reconciliation = reconciliation.Value;
        _time = time;
        var meter = meters.Create(Name);
        _syncs = meter.CreateCounter<long>("checkout.payment.syncs", "{sync}",
            "Payments read from PortOne and applied to an order, by source and outcome.");
        _transitions = meter.CreateCounter<long>("checkout.order.transitions", "{transition}",
            "Order state changes made by a sync, by state before and after.");
        _webhookAnswers = meter.CreateCounter<long>("checkout.webhook.answers", "{answer}",
            "Answers given to PortOne's webhook, by HTTP status; PortOne re-sends after a 5xx.");
        _portOneDuration = meter.CreateHistogram("checkout.portone.request.duration", "s",
            "Time PortOne's REST API took to answer, by endpoint template.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _portOneErrors = meter.CreateCounter<long>("checkout.portone.errors", "{error}",
            "PortOne calls that failed: unreachable, or refused with an HTTP status.");
        meter.CreateObservableGauge("checkout.reconciliation.backlog", ObserveBacklog, "{order}",
            "Orders reconciliation should ask PortOne about now.");
        meter.CreateObservableGauge("checkout.reconciliation.lag", ObserveLag, "s",
            "How long the most overdue of those orders has been due; stays under Reconciliation:Interval while the loop keeps up.");
    }

    /// <summary>Runs one sync inside a span and counts it by its outcome (or by what stopped it).</summary>
    internal async Task<SyncResult> MeasureSyncAsync(string source, Func<Task<SyncResult>> sync)
    {
        using var activity = Activities.StartActivity("payment sync");
        activity?.SetTag("checkout.sync.source", source);
        string? outcome = null;
        try
        {
            var result = await sync();
            outcome = Outcome(result.Outcome);
            return result;
        }
        catch (PortOneApiException)
        {
            outcome = "portone_unavailable";
            activity?.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = "error";
            activity?.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            // A cancelled sync (the caller went away) decided nothing and is not counted.
            if (outcome is not null)
            {
                activity?.SetTag("checkout.sync.outcome", outcome);
                _syncs.Add(1, new("checkout.sync.source", source), new("checkout.sync.outcome", outcome));
            }
        }
    }

    /// <summary>A span around one reconciliation pass, so its syncs and PortOne calls read as one piece of work.</summary>
    internal static Activity? StartReconciliationPass() => Activities.StartActivity("reconciliation pass");

    internal void Transitioned(string from, string to, string source) =>
        _transitions.Add(1, new("checkout.order.status.from", from), new("checkout.order.status.to", to), new("checkout.sync.source", source));

    internal void WebhookAnswered(int statusCode) => _webhookAnswers.Add(1, new KeyValuePair<string, object?>("http.response.status_code", statusCode));

    /// <summary>Starts timing one HTTP exchange with PortOne; <paramref name="endpoint"/> is the template, never the path.</summary>
    internal PortOneCall StartPortOneCall(string endpoint)
    {
        // The span's name is only made when someone listens: this runs on every PortOne call.
        var activity = Activities.HasListeners() ? Activities.StartActivity("PortOne " + endpoint) : null;
        activity?.SetTag("portone.endpoint", endpoint);
        return new PortOneCall(this, endpoint, activity);
    }

    /// <summary>A PortOne call that ends in <see cref="PortOneApiException"/>: unreachable, or refused with this status.</summary>
    internal void PortOneFailed(string endpoint, System.Net.HttpStatusCode? status) =>
        _portOneErrors.Add(1, new("portone.endpoint", endpoint), new("error.type", status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "unreachable"));

    internal sealed class PortOneCall(PaymentMetrics metrics, string endpoint, Activity? activity) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private int? _status;

        public void Answered(int statusCode)
        {
            _status = statusCode;
            activity?.SetTag("http.response.status_code", statusCode);
        }

        public void Dispose()
        {
            var tags = new TagList { { "portone.endpoint", endpoint } };
            if (_status is { } status)
            {
                tags.Add("http.response.status_code", status);
            }
            else
            {
                tags.Add("error.type", "unreachable");
                activity?.SetStatus(ActivityStatusCode.Error);
            }
            metrics._portOneDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tags);
            activity?.Dispose();
        }
    }

    private static string Outcome(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Applied => "applied",
        SyncOutcome.Unchanged => "unchanged",
        SyncOutcome.Flagged => "flagged",
        SyncOutcome.UnknownPayment => "unknown_payment",
        SyncOutcome.UnknownOrder => "unknown_order",
        SyncOutcome.MalformedAnswer => "malformed_answer",
        _ => "other",
    };

    private IEnumerable<Measurement<long>> ObserveBacklog() =>
        ReadBacklog() is { } backlog ? [new Measurement<long>(backlog.Due)] : [];

    private IEnumerable<Measurement<double>> ObserveLag() =>
        ReadBacklog() is { } backlog ? [new Measurement<double>(Math.Max(0, backlog.Now - backlog.OldestDueAt))] : [];

    /// <summary>
    /// The orders <see cref="Reconciliation"/> would pick now (without its batch limit), and when the
    /// oldest of them became due: an open order once it has waited MinimumAge, a paid one at once,
    /// either no earlier than its backoff. Read at collection time from the database, so it tells
    /// the truth even when the reconciliation loop itself has stopped.
    /// </summary>
    private static string BacklogSql(SqlDialect sql) => $"""
        SELECT count(*) AS Due, coalesce(min(CASE WHEN reconcile_after > due_at THEN reconcile_after ELSE due_at END), @Now) AS OldestDueAt
        FROM (SELECT reconcile_after, updated_at + CASE WHEN {sql.InList("status", "@Open")} THEN @MinimumAge ELSE 0 END AS due_at
              FROM orders
              WHERE reconcile_after <= @Now
                AND (({sql.InList("status", "@Open")} AND updated_at <= @Now - @MinimumAge)
                     OR ({sql.InList("status", "@Settled")} AND paid_at >= @Now - @PaidLookback))) due;
        """;

    private Backlog? ReadBacklog()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            // Collection callbacks are synchronous; one indexed count is brief.
            using var connection = _db.Open();
            var row = connection.QuerySingle<BacklogRow>(_backlogSql, new
            {
                Open, Settled, Now = now,
                MinimumAge = (long)_reconciliation.MinimumAge.TotalSeconds,
                PaidLookback = (long)_reconciliation.PaidLookback.TotalSeconds,
            });
            return new Backlog(row.Due, row.OldestDueAt, now);
        }
        catch (DbException)
        {
            // The database being away is readiness's to report; a metric simply has no value then.
            return null;
        }
    }

    /// <summary>With nothing due, the oldest due moment is now: no lag.</summary>
    private sealed record BacklogRow(long Due, long OldestDueAt);

    private sealed record Backlog(long Due, long OldestDueAt, long Now);
}
