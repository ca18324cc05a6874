using System.Net;
using System.Net.Http.Json;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// PortOne's API slow or failing (the sandbox's fault controls): nothing is decided on a guess, the
/// webhook asks to be re-sent, and everything settles once the API is back.
/// </summary>
public class PortOneOutageTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>, IAsyncLifetime
{
    private readonly SandboxShopper _shopper = app.Shopper();
    private readonly HttpClient _http = app.CreateClient();

    public Task InitializeAsync() => FaultsAsync(0, 0);

    public Task DisposeAsync() => FaultsAsync(0, 0);

    [Fact]
    public async Task While_portone_fails_every_call_two_hundred_webhooks_answer_503_and_the_order_waits_then_settles()
    {
        var (order, impUid) = await ApprovedButUnsyncedAsync();
        await FaultsAsync(0, 1.0);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            using var response = await Notices.PostJsonAsync(_http, impUid, order.MerchantUid, "paid");
            return response.StatusCode;
        })));
        var pass = await app.Get<Reconciliation>().RunOnceAsync();

        // 503 is what makes PortOne re-send; a 500 would be a crash, a 200 would lose the payment.
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.True(pass.Unreachable >= 1);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(order.MerchantUid))!.Status);

        await FaultsAsync(0, 0);
        // PortOne re-sends a minute apart; the circuit breaker must let a recovered API through well before.
        var settled = await Eventually.WaitAsync(async () =>
        {
            using var response = await Notices.PostJsonAsync(_http, impUid, order.MerchantUid, "paid");
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, settled);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(order.MerchantUid))!.Status);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.Paid);
    }

    [Fact]
    public async Task When_portone_fails_half_the_time_nothing_is_marked_failed_or_paid_wrongly_and_reconciliation_settles_it_all()
    {
        var paid = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ApprovedButUnsyncedAsync()));
        var declined = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var opened = await _shopper.OpenAsync(WithoutWebhook(declined.RequestPayParams));
        await _shopper.DeclineAsync(opened.ImpUid!);
        var untouched = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await FaultsAsync(50, 0.5);

        foreach (var (order, impUid) in paid)
        {
            using var _ = await Notices.PostJsonAsync(_http, impUid, order.MerchantUid, "paid");
        }
        await app.Get<Reconciliation>().RunOnceAsync();

        // Whatever got through was applied correctly; nothing was decided from a failed call.
        foreach (var (order, _) in paid)
        {
            Assert.Contains((await app.OrderAsync(order.MerchantUid))!.Status, new[] { OrderStatus.Pending, OrderStatus.Paid });
        }
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(untouched.Order.MerchantUid))!.Status);

        await FaultsAsync(0, 0);
        // Until the circuit breaker's break is over a pass still finds PortOne unreachable; the first pass
        // that reaches it for every order is the one to judge.
        await Eventually.WaitAsync(async () =>
        {
            await ClearBackoffAsync();
            return await app.Get<Reconciliation>().RunOnceAsync();
        }, pass => pass.Unreachable == 0, TimeSpan.FromSeconds(15));

        foreach (var (order, _) in paid)
        {
            Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(order.MerchantUid))!.Status);
        }
        Assert.Equal(OrderStatus.Failed, (await app.OrderAsync(declined.Order.MerchantUid))!.Status);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(untouched.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task A_slow_portone_delays_the_answer_but_not_the_truth()
    {
        var (order, impUid) = await ApprovedButUnsyncedAsync();
        await FaultsAsync(1_500, 0);

        using var response = await Notices.PostFormAsync(_http, impUid, order.MerchantUid, "paid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(order.MerchantUid))!.Status);
    }

    private async Task<(Order Order, string ImpUid)> ApprovedButUnsyncedAsync()
    {
        var placed = await app.PlaceOrderAsync(null, ("TEE-COTTON", 1));
        var impUid = await _shopper.PayAsync(WithoutWebhook(placed.RequestPayParams));
        return (placed.Order, impUid);
    }

    private static System.Text.Json.Nodes.JsonObject WithoutWebhook(System.Text.Json.Nodes.JsonObject requestPayParams)
    {
        var parameters = requestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        return parameters;
    }

    private async Task FaultsAsync(int latencyMs, double errorRate)
    {
        using var response = await _http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = latencyMs, error_rate = errorRate });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Failed looks back off; the test does not wait minutes for the next one.</summary>
    private async Task ClearBackoffAsync()
    {
        await using var connection = await app.OpenDatabaseAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE orders SET reconcile_after = 0;");
    }
}
