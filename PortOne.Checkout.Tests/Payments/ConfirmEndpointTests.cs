using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
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
