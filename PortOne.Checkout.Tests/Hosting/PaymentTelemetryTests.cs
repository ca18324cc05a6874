using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>The money path's own metrics, read through a listener on the app's meters.</summary>
public class PaymentTelemetryTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>
{
    private MetricCapture Capture() => new(app.Get<IMeterFactory>());

    [Fact]
    public async Task A_paid_card_payment_counts_one_applied_sync_and_one_pending_to_paid_transition()
    {
        using var metrics = Capture();
        var placed = await app.PlaceOrderAsync(new PaymentChoice("card", 3, "366"), ("SHOE-WAFFLE", 1));
        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams, "366", 3);

        await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);
        // The sandbox also sends its webhook; whichever road comes first applies the payment.
        await Eventually.WaitAsync(() => Task.FromResult(metrics.Of("checkout.webhook.answers").Count), n => n > 0);

        var syncs = metrics.Of("checkout.payment.syncs");
        // Copies that arrive together share one round, counted once under the source that started it.
        Assert.All(syncs, s => Assert.Contains(s.Tag("checkout.sync.source"), new[] { SyncSource.Callback, SyncSource.Webhook }));
        Assert.Single(syncs, s => s.Tag("checkout.sync.outcome") == "applied");
        Assert.All(syncs, s => Assert.True(s.Tag("checkout.sync.outcome") is "applied" or "unchanged", s.Tag("checkout.sync.outcome")));
        var transition = Assert.Single(metrics.Of("checkout.order.transitions"));
        Assert.Equal((OrderStatus.Pending, OrderStatus.Paid), (transition.Tag("checkout.order.status.from"), transition.Tag("checkout.order.status.to")));
        Assert.Contains(transition.Tag("checkout.sync.source"), new[] { SyncSource.Callback, SyncSource.Webhook });
    }

    [Fact]
    public async Task Webhook_answers_are_counted_by_their_status_code()
    {
        using var metrics = Capture();
        var client = app.CreateClient();

        using var malformed = await client.PostAsync("/api/v1/payments/notice", new StringContent("{", Encoding.UTF8, "application/json"));
        using var wrongType = await client.PostAsync("/api/v1/payments/notice", new StringContent("imp_uid", Encoding.UTF8, "text/plain"));
        using var unknown = await Notices.PostJsonAsync(client, "imp_999999999999", "no-such-order", "paid");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.OK),
            (malformed.StatusCode, wrongType.StatusCode, unknown.StatusCode));
        var answers = metrics.Of("checkout.webhook.answers").Select(a => a.Tag("http.response.status_code")).Order().ToList();
        Assert.Equal(["200", "400", "415"], answers);
        Assert.Single(metrics.Of("checkout.payment.syncs"),
            s => s.Tag("checkout.sync.source") == SyncSource.Webhook && s.Tag("checkout.sync.outcome") == "unknown_payment");
    }

    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task A_webhook_that_fails_inside_is_counted_as_the_500_it_is_answered()
    {
        // No background pass may open the database while it is swapped for a directory.
        var broken = new ManualReconciliationApp();
        await ((IAsyncLifetime)broken).InitializeAsync();
        try
        {
            using var metrics = new MetricCapture(broken.Get<IMeterFactory>());
            // The database goes away under the running app: where the file was is now a directory.
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(broken.DatabasePath + suffix);
            }
            Directory.CreateDirectory(broken.DatabasePath);

            using var answer = await Notices.PostJsonAsync(broken.CreateClient(), "imp_999999999999", "no-such-order", "paid");

            Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
            Assert.Equal("500", Assert.Single(metrics.Of("checkout.webhook.answers")).Tag("http.response.status_code"));
            Assert.Single(metrics.Of("checkout.payment.syncs"), s => s.Tag("checkout.sync.outcome") == "error");
        }
        finally
        {
            if (Directory.Exists(broken.DatabasePath))
            {
                Directory.Delete(broken.DatabasePath);
            }
            await ((IAsyncLifetime)broken).DisposeAsync();
        }
    }

    [Fact]
    public async Task PortOne_latency_and_errors_are_recorded_per_endpoint_template_never_per_path()
    {
        var placed = await app.PlaceOrderAsync(null, ("TEE-COTTON", 1));
        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams);
        // Let the sandbox's webhook land first, so that no other test counts it.
        await Eventually.WaitAsync(() => app.OrderAsync(placed.Order.MerchantUid), o => o!.Status == OrderStatus.Paid);
        using var metrics = Capture();
        var portOne = app.Get<PortOneClient>();

        await portOne.GetPaymentAsync(impUid);
        await portOne.GetPaymentAsync("imp_000000000001");
        await portOne.FindPaymentAsync(placed.Order.MerchantUid);
        await SetSandboxFaultsAsync(1.0);
        try
        {
            await Assert.ThrowsAsync<PortOneApiException>(() => portOne.GetPaymentAsync(impUid));
        }
        finally
        {
            await SetSandboxFaultsAsync(0);
        }

        var durations = metrics.Of("checkout.portone.request.duration");
        Assert.Contains(durations, d => d.Tag("portone.endpoint") == "GET /payments/{imp_uid}" && d.Tag("http.response.status_code") == "200");
        Assert.Contains(durations, d => d.Tag("portone.endpoint") == "GET /payments/{imp_uid}" && d.Tag("http.response.status_code") == "404");
        Assert.Contains(durations, d => d.Tag("portone.endpoint") == "GET /payments/find/{merchant_uid}");
        Assert.All(durations, d => Assert.InRange(d.Value, 0, 30));
        var error = Assert.Single(metrics.Of("checkout.portone.errors"));
        Assert.Equal("GET /payments/{imp_uid}", error.Tag("portone.endpoint"));
        // The sandbox's injected faults are either.
        Assert.True(error.Tag("error.type") is "500" or "503", error.Tag("error.type"));
        var tagValues = metrics.All.SelectMany(m => m.Tags).Select(t => t.Value?.ToString() ?? "").ToList();
        Assert.DoesNotContain(tagValues, v => v.Contains(impUid, StringComparison.Ordinal) || v.Contains(placed.Order.MerchantUid, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconciliation_backlog_counts_the_orders_due_until_a_pass_has_looked_at_them()
    {
        await app.PlaceOrderAsync(null, ("TEE-COTTON", 1));
        using var metrics = Capture();

        metrics.Observe();
        var before = Assert.Single(metrics.Of("checkout.reconciliation.backlog")).Value;
        await app.Get<Reconciliation>().RunOnceAsync();
        metrics.Observe();

        Assert.True(before >= 1, $"backlog before the pass was {before}");
        Assert.Equal(0, metrics.Of("checkout.reconciliation.backlog")[^1].Value);
        Assert.Equal(0, metrics.Of("checkout.reconciliation.lag")[^1].Value);
    }

    private async Task SetSandboxFaultsAsync(double errorRate)
    {
        using var response = await app.CreateClient().PostAsync("/sandbox/control/faults",
            System.Net.Http.Json.JsonContent.Create(new { error_rate = errorRate }));
        response.EnsureSuccessStatusCode();
    }
}
