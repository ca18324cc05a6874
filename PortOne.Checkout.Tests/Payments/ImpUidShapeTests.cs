using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.Checkout;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// An imp_uid that is not in PortOne's shape is refused at every road in, before any request to
/// PortOne (which would carry our token to wherever the value points).
/// </summary>
public class ImpUidShapeTests(LiveCheckoutApp app) : IClassFixture<LiveCheckoutApp>
{
    private readonly HttpClient _http = app.CreateClient();

    public static TheoryData<string> NotPortOneIds =>
    [
        "imp_x/../../control/webhooks",
        "find/ord-1",
        "../users/getToken",
        "..",
        "imp_123456789012/cancel",
        "imp_123%2F456",
        "imp_12345678901\u0001",
        "imp_123456789012\n",
        "imp_ 123",
        "imp_" + new string('1', 29),
        "",
    ];

    [Theory]
    [MemberData(nameof(NotPortOneIds))]
    public async Task A_notice_naming_anything_else_is_answered_400_without_asking_portone(string impUid)
    {
        var before = app.PortOneRequests.Count;

        using var response = await Notices.PostJsonAsync(_http, impUid, "ord-1", "paid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, app.PortOneRequests.Count);
    }

    [Theory]
    [MemberData(nameof(NotPortOneIds))]
    public async Task A_form_encoded_notice_naming_anything_else_is_answered_400_without_asking_portone(string impUid)
    {
        var before = app.PortOneRequests.Count;

        using var response = await Notices.PostFormAsync(_http, impUid, "ord-1", "paid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, app.PortOneRequests.Count);
    }

    [Theory]
    [MemberData(nameof(NotPortOneIds))]
    public async Task Confirm_naming_anything_else_is_refused_with_400(string impUid)
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var before = app.PortOneRequests.Count;

        using var response = await _http.PostAsJsonAsync("/api/v1/payments/confirm",
            new { imp_uid = impUid, merchant_uid = placed.Order.MerchantUid, amount = placed.Order.Amount });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, app.PortOneRequests.Count);
    }

    [Theory]
    [MemberData(nameof(NotPortOneIds))]
    public async Task The_result_page_answers_400_with_a_page_a_shopper_can_read(string impUid)
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var before = app.PortOneRequests.Count;

        using var response = await _http.GetAsync(
            $"/payments/result?imp_uid={Uri.EscapeDataString(impUid)}&merchant_uid={placed.Order.MerchantUid}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("결제 결과 주소가 올바르지 않습니다", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Equal(before, app.PortOneRequests.Count);
    }

    [Fact]
    public async Task The_result_page_in_english_says_so_in_english()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/payments/result?imp_uid=find%2Ford-1&merchant_uid=ord-1");
        request.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This payment result address is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_result_page_announces_a_failure_from_the_window_with_portones_own_full_stop()
    {
        using var response = await _http.GetAsync("/payments/result?merchant_uid=ord-none&error_code=F1002&error_msg=" + Uri.EscapeDataString("카드 한도가 초과되었습니다."));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Matches("<div role=\"alert\"[^>]*data-testid=\"window-error\"|data-testid=\"window-error\"[^>]*role=\"alert\"", html);
        Assert.Contains("카드 한도가 초과되었습니다.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("초과되었습니다..", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_in_portone_shape_still_reaches_portone()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await app.PortOneShopper().PayAsync(placed.RequestPayParams);

        using var response = await Notices.PostJsonAsync(_http, impUid, placed.Order.MerchantUid, "paid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"GET /sandbox/api/payments/{impUid}", app.PortOneRequests);
    }
}

/// <summary>The PortOne client puts every value into one path segment, whatever it holds.</summary>
public sealed class PortOneClientPathTests : ComponentTestBase
{
    private PortOneClient Client => Services.GetRequiredService<PortOneClient>();

    [Fact]
    public async Task A_slash_in_an_id_stays_inside_its_own_segment()
    {
        await Client.GetPaymentAsync("imp_x/../../control/webhooks");
        await Client.FindPaymentAsync("ord-1/paid");
        await Client.FindPaymentAsync("ord-1?x=1", "paid");

        Assert.Contains("GET /sandbox/api/payments/imp_x%2F..%2F..%2Fcontrol%2Fwebhooks", PortOne.Requests);
        Assert.Contains("GET /sandbox/api/payments/find/ord-1%2Fpaid", PortOne.Requests);
        Assert.Contains("GET /sandbox/api/payments/find/ord-1%3Fx%3D1/paid", PortOne.Requests);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public async Task A_dot_segment_is_never_sent(string impUid)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client.GetPaymentAsync(impUid));

        Assert.DoesNotContain(PortOne.Requests, r => r.Contains("/payments", StringComparison.Ordinal));
    }
}

/// <summary>The window's callback on the checkout page: a tampered imp_uid is not looked up.</summary>
public sealed class CheckoutCallbackShapeTests : ComponentTestBase
{
    [Fact]
    public void A_callback_naming_another_path_goes_to_the_order_page_without_asking_portone()
    {
        var module = JSInterop.SetupModule(CheckoutPageDriver.Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_x/../../control/webhooks", null, null, null));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = this.RenderCheckout();
        CheckoutPageDriver.Add(page, "오가닉 코튼 반팔 티셔츠");
        CheckoutPageDriver.FillBuyer(page);
        CheckoutPageDriver.Consent(page);

        CheckoutPageDriver.PayButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("/orders/ord-", navigation.Uri, StringComparison.Ordinal));
        Assert.Contains("POST /sandbox/api/payments/prepare", PortOne.Requests);
        Assert.DoesNotContain(PortOne.Requests, r => r.StartsWith("GET", StringComparison.Ordinal));
    }
}
