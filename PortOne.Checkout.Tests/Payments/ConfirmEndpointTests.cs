using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary><c>POST /api/v1/payments/confirm</c>: approve only what the order says, and tell the shopper why not.</summary>
public class ConfirmEndpointTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>
{
    private readonly HttpClient _http = app.CreateClient();

    [Fact]
    public async Task Pending_order_with_matching_amount_and_currency_is_approved()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));

        // 12,000원 mug + 3,000원 shipping.
        using var response = await ConfirmAsync(new { imp_uid = "imp_000000000001", merchant_uid = placed.Order.MerchantUid, amount = 15_000, currency = "KRW" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Amount_currency_unknown_or_settled_order_is_refused_with_a_reason_korean_first()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var settled = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await app.Shopper().PayAsync(settled.RequestPayParams);
        await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);

        var refusals = new[]
        {
            await ConfirmAsync(new { imp_uid = "imp_1", merchant_uid = placed.Order.MerchantUid, amount = 1_000 }),
            await ConfirmAsync(new { imp_uid = "imp_1", merchant_uid = placed.Order.MerchantUid, amount = 15_000, currency = "USD" }),
            await ConfirmAsync(new { imp_uid = "imp_1", merchant_uid = "no-such-order", amount = 15_000 }),
            await ConfirmAsync(new { imp_uid = "imp_1", merchant_uid = settled.Order.MerchantUid, amount = 15_000 }),
            await _http.PostAsync("/api/v1/payments/confirm", new StringContent("not json", Encoding.UTF8, "text/plain")),
        };

        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(settled.Order.MerchantUid))!.Status);
        foreach (var response in refusals)
        {
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            var reason = (await response.Content.ReadFromJsonAsync<JsonObject>())!["reason"]!.GetValue<string>();
            // Hangul first, then " / " and the English.
            Assert.Matches(@"^[가-힣].* / [A-Z]", reason);
        }
    }

    [Fact]
    public async Task An_order_number_or_currency_with_a_line_break_is_refused_before_it_can_forge_a_log_line()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));

        using var number = await ConfirmAsync(new { imp_uid = "imp_000000000001", merchant_uid = "ord-x\nwarn: forged line", amount = 15_000 });
        using var currency = await ConfirmAsync(new
        {
            imp_uid = "imp_000000000001", merchant_uid = placed.Order.MerchantUid, amount = 15_000, currency = "USD\r\nwarn: forged line",
        });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (number.StatusCode, currency.StatusCode));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Text.Contains("forged line", StringComparison.Ordinal));
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task A_window_paying_in_another_currency_is_refused_at_confirm_though_portone_sends_no_currency()
    {
        // An order PortOne was not told the currency of (no prepare), paid through a window asking for USD.
        var order = await app.Get<OrderStore>().CreateAsync(new NewOrder(
            $"ord-usd-{Guid.NewGuid():N}"[..30], "머그", 15_000, 0, "KRW", "card", 0, null, "홍길동", "hong@example.com", "010-1234-5678", "서울", "04783"),
            [new OrderItem { ProductId = 4, Name = "머그", UnitPrice = 12_000, Quantity = 1 }]);
        var parameters = app.Get<RequestPayParameters>().Build(order, new PaymentChoice("card"));
        parameters["currency"] = "USD";
        var shopper = app.Shopper();
        var opened = await shopper.OpenAsync(parameters);

        var approval = await shopper.ApproveAsync(opened.ImpUid!, "366");

        Assert.Equal("CONFIRM_URL_REJECTED", approval.ErrorCode);
        Assert.Contains("결제 통화가 주문과 다릅니다", approval.ErrorMsg, StringComparison.Ordinal);
        Assert.Equal("failed", (await app.Get<PortOneClient>().GetPaymentAsync(opened.ImpUid!))!.Status);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task When_portone_cannot_say_the_currency_in_time_confirm_refuses_within_five_seconds()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var opened = await app.Shopper().OpenAsync(placed.RequestPayParams);
        (await _http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 8_000, error_rate = 0 })).EnsureSuccessStatusCode();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await ConfirmAsync(new { imp_uid = opened.ImpUid, merchant_uid = placed.Order.MerchantUid, amount = 15_000 });

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.StartsWith("잠시 후 다시 시도해 주세요", (await response.Content.ReadFromJsonAsync<JsonObject>())!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            (await _http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = 0 })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_failed_order_still_takes_a_later_window_but_a_closed_one_does_not()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var declined = await app.Shopper().OpenAsync(placed.RequestPayParams);
        await app.Shopper().DeclineAsync(declined.ImpUid!);
        await app.Get<PaymentSync>().SyncAsync(declined.ImpUid!, SyncSource.Callback);
        var second = await app.Shopper().OpenAsync(placed.RequestPayParams);

        using var response = await ConfirmAsync(new { imp_uid = second.ImpUid, merchant_uid = placed.Order.MerchantUid, amount = 15_000 });

        Assert.Equal(OrderStatus.Failed, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> ConfirmAsync(object body) => _http.PostAsJsonAsync("/api/v1/payments/confirm", body);

    [Fact]
    public async Task A_body_larger_than_a_notice_may_be_is_refused_with_413_before_it_is_read_whole()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var padding = new string('x', NoticeEndpoint.MaxBodyBytes);

        using var response = await _http.PostAsync("/api/v1/payments/confirm", new StringContent(
            $"{{\"imp_uid\":\"imp_000000000001\",\"merchant_uid\":\"{placed.Order.MerchantUid}\",\"amount\":15000,\"pad\":\"{padding}\"}}",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"imp_uid\":\"imp_\\ud800\",\"merchant_uid\":\"ord-1\",\"amount\":1}")]
    [InlineData("{\"imp_uid\":\"imp_1\",\"merchant_uid\":\"ord-\\udfff\",\"amount\":1}")]
    public async Task A_lone_surrogate_is_refused_with_400(string body)
    {
        using var response = await _http.PostAsync("/api/v1/payments/confirm", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
