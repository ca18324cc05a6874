using System.Net;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// The app in Live mode against PortOne hosted elsewhere (a sandbox on its own port and clock):
/// test-channel payments, and an access token PortOne stops accepting mid-flight.
/// </summary>
public class LiveModeTests(LiveCheckoutApp app) : IClassFixture<LiveCheckoutApp>
{
    [Fact]
    public async Task In_live_mode_a_test_channel_payment_never_pays_the_order_and_is_flagged_for_the_admin()
    {
        var placed = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        // Every sandbox payment is sandbox: true, as a payment through PortOne's test channel is.
        var impUid = await app.PortOneShopper().PayAsync(placed.RequestPayParams);

        // Its webhook, the callback and the admin's re-check all say no.
        var webhook = await Eventually.WaitAsync(() => app.OrderAsync(placed.Order.MerchantUid), o => o!.Flag is not null);
        await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);
        await app.Get<Features.Admin.StaffActions>().RecheckAsync(webhook!);

        var order = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Contains("test channel", order.Flag, StringComparison.Ordinal);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.Detail == order.Flag);
    }

    [Fact]
    public async Task A_token_portone_no_longer_accepts_is_replaced_once_and_the_call_repeated_once_for_all_callers()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await app.PortOneShopper().PayAsync(placed.RequestPayParams);
        var client = app.Get<PortOneClient>();
        Assert.NotNull(await client.GetPaymentAsync(impUid));
        // The approval's webhook syncs in the background; let it finish so that only our callers count.
        await Eventually.WaitAsync(() => app.OrderAsync(placed.Order.MerchantUid), o => o!.Flag is not null);
        var tokensBefore = app.PortOneRequests.Count(r => r.EndsWith("/users/getToken", StringComparison.Ordinal));
        var lookupsBefore = app.PortOneRequests.Count(r => r.EndsWith("/payments/" + impUid, StringComparison.Ordinal));

        // PortOne's clock runs 31 minutes ahead of ours: our cached token still looks fresh to us, and is dead there.
        app.PortOne.Clock.Advance(TimeSpan.FromMinutes(31));
        var payments = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.GetPaymentAsync(impUid))));

        Assert.All(payments, p => Assert.Equal(impUid, p!.ImpUid));
        var tokensAfter = app.PortOneRequests.Count(r => r.EndsWith("/users/getToken", StringComparison.Ordinal));
        Assert.Equal(1, tokensAfter - tokensBefore);
        // Each caller: one refused try, one retry with the shared new token; never a third.
        var lookups = app.PortOneRequests.Count(r => r.EndsWith("/payments/" + impUid, StringComparison.Ordinal)) - lookupsBefore;
        Assert.InRange(lookups, 51, 100);
    }

    [Fact]
    public async Task In_live_mode_the_webhook_answers_503_while_portone_is_down_so_it_is_sent_again()
    {
        var placed = await app.PlaceOrderAsync(null, ("TEE-COTTON", 1));
        var impUid = await app.PortOneShopper().PayAsync(placed.RequestPayParams);
        await app.PortOne.Http.PostAsync("/sandbox/control/faults", System.Net.Http.Json.JsonContent.Create(new { latency_ms = 0, error_rate = 1.0 }));
        try
        {
            using var response = await Notices.PostJsonAsync(app.CreateClient(), impUid, placed.Order.MerchantUid, "paid");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            await app.PortOne.Http.PostAsync("/sandbox/control/faults", System.Net.Http.Json.JsonContent.Create(new { latency_ms = 0, error_rate = 0 }));
        }
    }
}

/// <summary>Live mode where the merchant has chosen to accept PortOne test-channel payments.</summary>
public class LiveModeAcceptingTestChannelsTests(LiveCheckoutAppAcceptingTestChannels app) : IClassFixture<LiveCheckoutAppAcceptingTestChannels>
{
    [Fact]
    public async Task With_test_channels_allowed_the_same_payment_pays_the_order()
    {
        var placed = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        await app.PortOneShopper().PayAsync(placed.RequestPayParams);

        var order = await Eventually.WaitAsync(() => app.OrderAsync(placed.Order.MerchantUid), o => o!.Status == OrderStatus.Paid);

        Assert.Equal((OrderStatus.Paid, (string?)null), (order!.Status, order.Flag));
    }
}
