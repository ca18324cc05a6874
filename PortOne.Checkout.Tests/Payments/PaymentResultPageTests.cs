using System.Net;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Checkout;
using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// <c>/payments/result</c>, where the phone browser lands after the PG window: one plain GET, no
/// circuit, no session, no cookie; it syncs and shows the order from the database.
/// </summary>
public class PaymentResultPageTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();

    [Fact]
    public async Task A_landing_whose_merchant_uid_holds_a_nul_shows_no_order_and_fails_nothing()
    {
        var (response, html) = await GetAsync("/payments/result?merchant_uid=ord-20260101-%00");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"order-not-found\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_after_a_mobile_payment_syncs_and_shows_it_paid_without_a_cookie_or_circuit()
    {
        var placed = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        var redirect = await MobilePayAsync(placed.RequestPayParams, approve: true);

        var (response, html) = await GetAsync(redirect);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The request carried no cookie; the only one the framework hands out is Blazor's antiforgery
        // token for SSR forms, never a session or sign-in the landing depends on.
        Assert.All(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            cookie => Assert.StartsWith(".AspNetCore.Antiforgery.", cookie, StringComparison.Ordinal));
        Assert.DoesNotContain("Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"paid\"", html, StringComparison.Ordinal);
        Assert.Contains("109,000", html, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task Landing_for_a_virtual_account_shows_bank_account_and_deadline()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("vbank"), ("TEE-COTTON", 1));
        var redirect = await MobilePayAsync(placed.RequestPayParams, approve: true, vbankCode: "088");

        var (_, html) = await GetAsync(redirect);

        var order = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal(OrderStatus.AwaitingDeposit, order.Status);
        Assert.Contains("data-status=\"awaiting_deposit\"", html, StringComparison.Ordinal);
        Assert.Contains(order.VbankNum!, html, StringComparison.Ordinal);
        Assert.Contains(order.VbankName!, html, StringComparison.Ordinal);
        Assert.Contains(app.Get<IStringLocalizer<Strings>>().Time(order.VbankDue), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_after_a_declined_payment_shows_it_failed_with_the_reason()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var redirect = await MobilePayAsync(placed.RequestPayParams, approve: false);

        var (_, html) = await GetAsync(redirect);

        var order = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal(OrderStatus.Failed, order.Status);
        Assert.Contains("data-testid=\"failure-reason\"", html, StringComparison.Ordinal);
        Assert.Contains(order.StatusReason!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_while_portone_cannot_confirm_says_still_confirming_and_refreshes_itself()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        // The shopper has not finished, or PortOne does not know the imp_uid yet: nothing to confirm.
        var landing = $"/payments/result?key={Uri.EscapeDataString(placed.Order.AccessKey)}&imp_uid=imp_000000000000&merchant_uid={placed.Order.MerchantUid}";

        var (response, html) = await GetAsync(landing);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"still-confirming\"", html, StringComparison.Ordinal);
        Assert.Contains("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task Landing_without_the_orders_key_shows_only_the_status_not_the_details()
    {
        var placed = await app.PlaceOrderAsync(null, ("BAG-CANVAS", 1));
        var redirect = await MobilePayAsync(placed.RequestPayParams, approve: true);
        var keyless = redirect.Replace($"key={Uri.EscapeDataString(placed.Order.AccessKey)}", "key=guess", StringComparison.Ordinal);

        var (_, html) = await GetAsync(keyless);

        Assert.Contains("data-status=\"paid\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(placed.Order.BuyerName, html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"order-amount\"", html, StringComparison.Ordinal);
    }

    private async Task<string> MobilePayAsync(JsonObject requestPayParams, bool approve, string? vbankCode = null)
    {
        var parameters = requestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        var opened = await _shopper.OpenAsync(parameters, mode: "mobile");
        var answer = approve
            ? await _shopper.ApproveAsync(opened.ImpUid!, cardCode: vbankCode is null ? "366" : null, vbankCode: vbankCode)
            : await _shopper.DeclineAsync(opened.ImpUid!);
        Assert.NotNull(answer.RedirectUrl);
        var url = new Uri(answer.RedirectUrl!);
        return url.PathAndQuery;
    }

    private async Task<(HttpResponseMessage Response, string Html)> GetAsync(string pathAndQuery)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseUri };
        var response = await http.GetAsync(pathAndQuery);
        // Blazor escapes Hangul as character references; compare text, not bytes.
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}
