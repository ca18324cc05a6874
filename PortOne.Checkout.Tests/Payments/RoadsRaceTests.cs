using System.Net;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// Every road at once: PC callback, mobile redirect, webhooks (duplicated, lying, form and JSON),
/// the admin's re-check and reconciliation. Exactly one transition and one event must come of it.
/// </summary>
public class RoadsRaceTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();

    [Fact]
    public async Task Two_hundred_webhooks_with_callback_redirect_recheck_and_reconciliation_at_once_make_one_transition_and_one_event()
    {
        var placed = await app.PlaceOrderAsync(null, ("BAG-CANVAS", 1));
        var order = placed.Order;
        var parameters = placed.RequestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        var impUid = await _shopper.PayAsync(parameters);
        var http = app.CreateClient();
        var redirect = $"/payments/result?key={Uri.EscapeDataString(order.AccessKey)}&imp_uid={impUid}&merchant_uid={order.MerchantUid}";

        var roads = new List<Func<Task<bool>>>();
        for (var i = 0; i < 200; i++)
        {
            // Duplicates in both encodings, most of them claiming a status PortOne does not report.
            var claimed = (i % 3) switch { 0 => "paid", 1 => "ready", _ => "cancelled" };
            var form = i % 2 == 0;
            roads.Add(async () =>
            {
                using var response = form
                    ? await Notices.PostFormAsync(http, impUid, order.MerchantUid, claimed)
                    : await Notices.PostJsonAsync(http, impUid, order.MerchantUid, claimed);
                return response.StatusCode == HttpStatusCode.OK;
            });
        }
        for (var i = 0; i < 20; i++)
        {
            roads.Add(async () => (await http.GetAsync(redirect)).StatusCode == HttpStatusCode.OK);
            roads.Add(async () => (await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order?.Status == OrderStatus.Paid);
        }
        for (var i = 0; i < 5; i++)
        {
            roads.Add(async () => (await app.Get<StaffActions>().RecheckAsync(order)).Length > 0);
            roads.Add(async () => (await app.Get<Reconciliation>().RunOnceAsync()).Unreachable == 0);
        }

        var answers = await Task.WhenAll(roads.Select(road => Task.Run(road)));

        Assert.All(answers, Assert.True);
        var settled = (await app.OrderAsync(order.MerchantUid))!;
        Assert.Equal((OrderStatus.Paid, impUid), (settled.Status, settled.ImpUid));
        var events = await app.Get<OrderStore>().EventsAsync(order.Id);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], events.Select(e => e.StatusAfter));
    }

    [Fact]
    public async Task A_stale_paid_webhook_arriving_after_a_refund_does_not_pay_the_order_again()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await _shopper.PayAsync(placed.RequestPayParams);
        await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);
        var paid = (await app.OrderAsync(placed.Order.MerchantUid))!;
        await app.Get<StaffActions>().RefundAsSeenAsync(paid, null, "고객 변심");

        // The approval's webhook, delayed past the refund, plus a few duplicates.
        var http = app.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Notices.PostJsonAsync(http, impUid, placed.Order.MerchantUid, "paid")));

        var order = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal((OrderStatus.Refunded, 15_000L), (order.Status, order.CancelledAmount)); // 12,000원 mug + 3,000원 shipping
        var events = await app.Get<OrderStore>().EventsAsync(order.Id);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid, OrderStatus.Refunded], events.Select(e => e.StatusAfter));
    }

    [Fact]
    public async Task Concurrent_syncs_of_a_vbank_issue_and_its_deposit_apply_each_step_once()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("vbank"), ("TEE-COTTON", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);
        await _shopper.ApproveAsync(opened.ImpUid!, vbankCode: "088");
        var sync = app.Get<PaymentSync>();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => sync.SyncAsync(opened.ImpUid!, SyncSource.Webhook))));
        var deposit = await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{opened.ImpUid}/deposit", null);
        deposit.EnsureSuccessStatusCode();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => sync.SyncAsync(opened.ImpUid!, SyncSource.Webhook))));

        var events = await app.Get<OrderStore>().EventsAsync(placed.Order.Id);
        Assert.Equal([OrderStatus.Pending, OrderStatus.AwaitingDeposit, OrderStatus.Paid], events.Select(e => e.StatusAfter));
    }
}
