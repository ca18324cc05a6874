using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// The staff refund form over real HTTP, as a browser sends it: signed in with the cookie, the
/// antiforgery token and the form's own fields. Whatever happens to the request afterwards (a double
/// click, back and resubmit, a retry, copies at once), the form refunds once.
/// </summary>
public class RefundReplayTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task A_refund_form_replayed_three_times_refunds_once_and_says_it_was_already_done()
    {
        var (order, impUid) = await PaidOrderAsync();
        var staff = await SignedInStaffAsync();
        var form = await RefundFormAsync(staff, order, amount: 10_000);

        var first = await PostAsync(staff, order, form);
        var replays = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replays.Add(await PostAsync(staff, order, form));
        }

        Assert.StartsWith("반영했습니다", first, StringComparison.Ordinal);
        Assert.All(replays, answer => Assert.Equal("이 환불 요청은 이미 처리되었습니다. 다시 환불하지 않았습니다.", answer));
        await AssertRefundedOnceAsync(order, impUid, 10_000);
    }

    [Fact]
    public async Task Four_copies_of_one_refund_form_sent_at_once_refund_once()
    {
        var (order, impUid) = await PaidOrderAsync();
        var staff = await SignedInStaffAsync();
        var form = await RefundFormAsync(staff, order, amount: 10_000);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostAsync(staff, order, form))));

        Assert.Single(answers, a => a.StartsWith("반영했습니다", StringComparison.Ordinal));
        Assert.Equal(3, answers.Count(a => a.StartsWith("이 환불 요청은 이미 처리되었습니다", StringComparison.Ordinal)));
        await AssertRefundedOnceAsync(order, impUid, 10_000);
    }

    [Fact]
    public async Task A_full_refund_replayed_after_nothing_is_left_still_says_it_was_already_done()
    {
        var (order, impUid) = await PaidOrderAsync();
        var staff = await SignedInStaffAsync();
        var form = await RefundFormAsync(staff, order, amount: null);

        var first = await PostAsync(staff, order, form);
        var replay = await PostAsync(staff, order, form);

        Assert.StartsWith("반영했습니다", first, StringComparison.Ordinal);
        Assert.Equal("이 환불 요청은 이미 처리되었습니다. 다시 환불하지 않았습니다.", replay);
        var payment = (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!;
        Assert.Equal(109_000m, Assert.Single(payment.CancelHistory).Amount);
        Assert.Equal(OrderStatus.Refunded, (await app.OrderAsync(order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task A_form_rendered_before_another_refund_carries_the_old_balance_and_portone_refuses_it()
    {
        var (order, impUid) = await PaidOrderAsync();
        var staff = await SignedInStaffAsync();
        var stale = await RefundFormAsync(staff, order, amount: 10_000);
        var fresh = await RefundFormAsync(staff, order, amount: 10_000);

        var first = await PostAsync(staff, order, fresh);
        var second = await PostAsync(staff, order, stale);

        Assert.StartsWith("반영했습니다", first, StringComparison.Ordinal);
        Assert.StartsWith("PortOne이 환불을 거절했습니다", second, StringComparison.Ordinal);
        await AssertRefundedOnceAsync(order, impUid, 10_000);
    }

    private async Task<(Order Order, string ImpUid)> PaidOrderAsync()
    {
        var placed = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams);
        var order = (await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order!;
        Assert.Equal(OrderStatus.Paid, order.Status);
        return (order, impUid);
    }

    private async Task AssertRefundedOnceAsync(Order order, string impUid, long amount)
    {
        var payment = (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!;
        Assert.Equal(amount, Assert.Single(payment.CancelHistory).Amount);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.PartiallyRefunded);
        Assert.Equal(amount, (await app.OrderAsync(order.MerchantUid))!.CancelledAmount);
    }

    /// <summary>A client that keeps cookies, signed in through the login form as a browser would.</summary>
    private async Task<HttpClient> SignedInStaffAsync()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = app.BaseUri, AllowAutoRedirect = false, HandleCookies = true });
        var login = await FormAsync(client, "/admin/login", "admin-login");
        login["Input.UserName"] = "admin";
        login["Input.Password"] = CheckoutApp.AdminPassword;
        (await client.PostAsync("/admin/login", new FormUrlEncodedContent(login))).Dispose();
        using var orders = await client.GetAsync("/admin/orders");
        Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
        return client;
    }

    /// <summary>The refund form's fields as the page rendered them, filled in.</summary>
    private static async Task<Dictionary<string, string>> RefundFormAsync(HttpClient staff, Order order, long? amount)
    {
        var form = await FormAsync(staff, OrderPath(order), "refund");
        Assert.Equal(order.RefundableAmount.ToString(System.Globalization.CultureInfo.InvariantCulture), form["Refund.Balance"]);
        Assert.False(string.IsNullOrEmpty(form["Refund.Token"]));
        form["Refund.Amount"] = amount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        form["Refund.Reason"] = "부분 환불";
        return form;
    }

    /// <summary>Posts the form body and returns the result message the page shows.</summary>
    private static async Task<string> PostAsync(HttpClient staff, Order order, Dictionary<string, string> form)
    {
        using var response = await staff.PostAsync(OrderPath(order), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var result = page.QuerySelector("[data-testid=action-result]");
        // Staff who use a screen reader hear the answer without looking for it.
        Assert.Equal("alert", result?.GetAttribute("role"));
        return result!.TextContent.Trim();
    }

    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string path, string formName)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var form = page.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Single(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        return form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
    }

    private static string OrderPath(Order order) => "/admin/orders/" + Uri.EscapeDataString(order.MerchantUid);
}
