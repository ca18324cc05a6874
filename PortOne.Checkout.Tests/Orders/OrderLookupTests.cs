using System.Net;
using System.Text.RegularExpressions;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.Hosting;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Orders;

/// <summary>
/// 비회원 주문조회 at <c>/orders/lookup</c>: the order number and the checkout phone number lead to the
/// order link; anything else gets one answer that says nothing about whether the order exists.
/// </summary>
public sealed partial class OrderLookupTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>, IDisposable
{
    private static int _clients;

    /// <summary>Each test is its own client (address), so the limit one test reaches is not another's.</summary>
    private readonly string _clientIp = $"192.0.2.{Interlocked.Increment(ref _clients)}";

    // On the real port, keeping the antiforgery cookie, and showing the redirect rather than following it.
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = app.BaseUri };

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> LookUpAsync(string orderNumber, string phone)
    {
        using var form = await _http.SendAsync(RateLimitedApp.From(_clientIp, HttpMethod.Get, "/orders/lookup"));
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        return await _http.SendAsync(RateLimitedApp.From(_clientIp, HttpMethod.Post, "/orders/lookup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "order-lookup",
            ["__RequestVerificationToken"] = token,
            ["Input.OrderNumber"] = orderNumber,
            ["Input.Phone"] = phone,
        })));
    }

    private async Task<Order> PaidOrderAsync()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await app.Get<PaymentSync>().SyncAsync(await app.Shopper().PayAsync(placed.RequestPayParams), SyncSource.Callback);
        return (await app.OrderAsync(placed.Order.MerchantUid))!;
    }

    [Theory]
    [InlineData("010-1234-5678")]
    [InlineData("01012345678")]
    [InlineData(" 010 1234 5678 ")]
    public async Task The_order_number_and_checkout_phone_lead_to_the_order_link(string phone)
    {
        var order = await PaidOrderAsync();

        using var response = await LookUpAsync($" {order.MerchantUid} ", phone);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(OrderAccess.Link(order), response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_wrong_phone_and_an_unknown_order_get_the_same_answer()
    {
        var order = await PaidOrderAsync();

        using var wrongPhone = await LookUpAsync(order.MerchantUid, "010-9999-9999");
        using var unknownOrder = await LookUpAsync("ord-20260101-000000000000", "010-1234-5678");

        foreach (var response in new[] { wrongPhone, unknownOrder })
        {
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("일치하는 주문이 없습니다", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"order-status\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(order.AccessKey, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Guessing_beyond_the_limit_is_answered_429_with_retry_after()
    {
        for (var i = 0; i < RateLimitedApp.Limit; i++)
        {
            using var guess = await LookUpAsync("ord-20260101-000000000000", $"010-0000-000{i}");
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        using var refused = await LookUpAsync("ord-20260101-000000000000", "010-0000-0009");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
