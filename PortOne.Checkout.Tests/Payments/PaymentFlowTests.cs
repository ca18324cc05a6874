using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>The app and the sandbox over real HTTP: the money path (docs/architecture.md, "The money path").</summary>
public class PaymentFlowTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();

    [Fact]
    public async Task Order_approved_in_the_sandbox_is_paid_once_synced()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("card", CardQuota: 3, CardCode: "366"), ("SHOE-WAFFLE", 1), ("BOOK-HANGUL", 1));

        var impUid = await _shopper.PayAsync(placed.RequestPayParams, "366", 3);
        var result = await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);

        var order = Assert.IsType<Order>(result.Order);
        Assert.Equal((OrderStatus.Paid, 127_000L, impUid, 3), (order.Status, order.Amount, order.ImpUid, order.PaidCardQuota));
        Assert.Equal("신한카드", order.PaidCardName);
        var events = await app.Get<OrderStore>().EventsAsync(order.Id);
        Assert.Single(events, e => e.StatusAfter == OrderStatus.Paid);
    }

    [Fact]
    public async Task Prepare_registers_the_server_computed_amount_at_portone()
    {
        var placed = await app.PlaceOrderAsync(null, ("TEE-COTTON", 2));

        var client = app.CreateClient();
        var token = await TokenAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/api/payments/prepare/{placed.Order.MerchantUid}");
        request.Headers.Authorization = new("Bearer", token);
        var prepared = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(58_000, prepared!["response"]!["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Amount_tampered_after_prepare_is_refused_by_the_window()
    {
        var placed = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        var tampered = placed.RequestPayParams.DeepClone().AsObject();
        tampered["amount"] = 1_000;

        var answer = await _shopper.OpenAsync(tampered);

        Assert.Equal((400, (string?)null), (answer.Status, answer.ImpUid));
        Assert.NotNull(answer.ErrorMsg);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task Payment_whose_amount_does_not_match_is_cancelled_at_portone_and_the_order_rejected()
    {
        // An attacker who skips prepare and confirm_url (both are in the browser's hands) and pays 1,000원.
        var order = await app.Get<OrderStore>().CreateAsync(
            new NewOrder($"ord-forged-{Guid.NewGuid():N}"[..30], "나이키 와플 트레이너 2 SD", 109_000, 0, "KRW", "card", 0, null,
                "홍길동", "hong@example.com", "010-1234-5678", "서울", "04783"),
            [new OrderItem { ProductId = 1, Name = "나이키 와플 트레이너 2 SD", UnitPrice = 109_000, Quantity = 1 }]);
        var forged = app.Get<RequestPayParameters>().Build(order, new PaymentChoice("card"));
        forged["amount"] = 1_000;
        forged.Remove("confirm_url");
        forged.Remove("notice_url");

        var impUid = await _shopper.PayAsync(forged);
        var result = await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);

        Assert.Equal(OrderStatus.Rejected, result.Order!.Status);
        Assert.Contains("1,000", result.Order.StatusReason, StringComparison.Ordinal);
        var payment = await app.Get<PortOneClient>().GetPaymentAsync(impUid);
        Assert.Equal(("cancelled", 1_000m), (payment!.Status, payment.CancelAmount));
    }

    [Fact]
    public async Task Deposit_into_a_virtual_account_issued_for_a_forged_amount_never_pays_and_is_put_before_staff()
    {
        var order = await app.Get<OrderStore>().CreateAsync(
            new NewOrder($"ord-forged-vb-{Guid.NewGuid():N}"[..30], "나이키 와플 트레이너 2 SD", 109_000, 0, "KRW", "vbank", 0, null,
                "홍길동", "hong@example.com", "010-1234-5678", "서울", "04783"),
            [new OrderItem { ProductId = 1, Name = "나이키 와플 트레이너 2 SD", UnitPrice = 109_000, Quantity = 1 }]);
        var forged = app.Get<RequestPayParameters>().Build(order, new PaymentChoice("vbank"));
        forged["amount"] = 1_000;
        forged.Remove("confirm_url");
        forged.Remove("notice_url");
        var opened = await _shopper.OpenAsync(forged);
        await _shopper.ApproveAsync(opened.ImpUid!, vbankCode: "088");
        var sync = app.Get<PaymentSync>();
        Assert.Equal(OrderStatus.Rejected, (await sync.SyncAsync(opened.ImpUid!, SyncSource.Callback)).Order!.Status);

        (await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{opened.ImpUid}/deposit", null)).EnsureSuccessStatusCode();
        var afterDeposit = await sync.SyncAsync(opened.ImpUid!, SyncSource.Webhook);

        // A vbank refund needs the depositor's account, which only staff can get: the order says so.
        Assert.Equal(OrderStatus.Rejected, afterDeposit.Order!.Status);
        Assert.Contains("forged amount deposited", afterDeposit.Order.Flag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_payment_synced_50_times_at_once_makes_one_transition()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await _shopper.PayAsync(placed.RequestPayParams);
        var sync = app.Get<PaymentSync>();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => sync.SyncAsync(impUid, SyncSource.Webhook))));

        Assert.All(results, r => Assert.Equal(OrderStatus.Paid, r.Order!.Status));
        var events = await app.Get<OrderStore>().EventsAsync(placed.Order.Id);
        Assert.Single(events, e => e.StatusAfter == OrderStatus.Paid);
    }

    [Fact]
    public async Task Declined_payment_fails_the_order()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);

        var declined = await _shopper.DeclineAsync(opened.ImpUid!);
        var result = await app.Get<PaymentSync>().SyncAsync(opened.ImpUid!, SyncSource.Callback);

        Assert.NotNull(declined.ErrorCode);
        Assert.Equal(OrderStatus.Failed, result.Order!.Status);
    }

    [Fact]
    public async Task Unknown_imp_uid_changes_nothing()
    {
        var result = await app.Get<PaymentSync>().SyncAsync("imp_999999999999", SyncSource.Webhook);

        Assert.Equal(SyncOutcome.UnknownPayment, result.Outcome);
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["response"]!["access_token"]!.GetValue<string>();
    }
}
