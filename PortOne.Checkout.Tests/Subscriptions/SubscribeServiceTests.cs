using System.Net.Http.Json;
using Dapper;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Subscriptions;

/// <summary>Signing up: what the server refuses, what the billing window is given, and what a card registration must prove.</summary>
public class SubscribeServiceTests(SubscriptionApp app) : IClassFixture<SubscriptionApp>
{
    private SubscribeService Subscribe => app.Get<SubscribeService>();

    private async Task<long> SubscriptionCountAsync()
    {
        await using var connection = await app.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM subscriptions;");
    }

    [Fact]
    public async Task Without_the_recurring_payment_consent_nothing_is_stored()
    {
        var before = await SubscriptionCountAsync();

        var refused = await Assert.ThrowsAsync<SubscribeRejectedException>(() =>
            Subscribe.StartAsync("SUB-COFFEE-MONTHLY", CheckoutApp.Buyer(), Subscribe.Today.AddDays(1), consented: false));

        Assert.Contains("동의", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SubscriptionCountAsync());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public async Task A_first_charge_date_in_the_past_or_beyond_sixty_days_is_refused(int days)
    {
        await Assert.ThrowsAsync<SubscribeRejectedException>(() =>
            Subscribe.StartAsync("SUB-COFFEE-MONTHLY", CheckoutApp.Buyer(), Subscribe.Today.AddDays(days), consented: true));
    }

    [Fact]
    public async Task A_one_off_product_cannot_be_subscribed_to_and_plans_are_not_sold_in_the_checkout()
    {
        await Assert.ThrowsAsync<SubscribeRejectedException>(() =>
            Subscribe.StartAsync("SHOE-WAFFLE", CheckoutApp.Buyer(), Subscribe.Today, consented: true));

        var checkoutProducts = await app.Get<Features.Checkout.CheckoutService>().ProductsAsync();
        Assert.DoesNotContain(checkoutProducts, p => p.Sku.StartsWith("SUB-", StringComparison.Ordinal));
        Assert.Equal(["SUB-COFFEE-MONTHLY", "SUB-TEA-MONTHLY"], (await Subscribe.PlansAsync()).Select(p => p.Sku));
    }

    [Fact]
    public async Task The_billing_window_gets_exactly_the_guides_parameters_and_an_unguessable_customer_uid()
    {
        var started = await Subscribe.StartAsync("SUB-COFFEE-MONTHLY", CheckoutApp.Buyer(), Subscribe.Today.AddDays(3), consented: true);
        var p = started.RequestPayParams;

        Assert.Equal("tosspayments", p["pg"]!.GetValue<string>());
        Assert.Equal(("card", 0), (p["pay_method"]!.GetValue<string>(), p["amount"]!.GetValue<int>()));
        Assert.Matches("^cuid_[0-9a-f]{32}$", p["customer_uid"]!.GetValue<string>());
        Assert.Equal(started.Subscription.PendingCustomerUid, p["customer_uid"]!.GetValue<string>());
        Assert.Equal(started.Subscription.CustomerId, p["customer_id"]!.GetValue<string>());
        Assert.Equal(app.BaseUri + SubscribeService.ManageLink(started.Subscription), p["m_redirect_url"]!.GetValue<string>());
        Assert.Null(p["notice_url"]);
        Assert.Equal(SubscriptionStatus.AwaitingCard, started.Subscription.Status);
        Assert.Contains(Subscribe.Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            started.Subscription.ConsentText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_window_registers_nothing_and_the_subscription_waits_for_a_card()
    {
        var started = await Subscribe.StartAsync("SUB-TEA-MONTHLY", CheckoutApp.Buyer(), Subscribe.Today, consented: true);
        var opened = await app.Shopper().OpenAsync(started.RequestPayParams);
        await app.Shopper().CloseAsync(opened.ImpUid!);

        Assert.Equal(CardConfirmation.NotRegistered, await app.Get<SubscriptionBilling>().ConfirmCardAsync(started.Subscription.Id));

        var s = (await app.Get<SubscriptionStore>().FindAsync(started.Subscription.Id))!;
        Assert.Equal((SubscriptionStatus.AwaitingCard, null), (s.Status, s.CustomerUid));
        Assert.Empty(await app.ChargesAsync(s));
    }

    [Fact]
    public async Task A_key_at_PortOne_under_our_customer_uid_but_for_another_customer_is_not_used()
    {
        var started = await Subscribe.StartAsync("SUB-COFFEE-MONTHLY", CheckoutApp.Buyer(), Subscribe.Today, consented: true);
        var http = app.CreateClient();
        var token = await (await http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" }))
            .Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{started.Subscription.PendingCustomerUid}")
        {
            Content = JsonContent.Create(new { customer_id = "someone-else", card_number = "5361-4800-0000-0001", expiry = "2030-12" }),
        };
        request.Headers.Authorization = new("Bearer", token!["response"]!["access_token"]!.GetValue<string>());
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        Assert.Equal(CardConfirmation.Refused, await app.Get<SubscriptionBilling>().ConfirmCardAsync(started.Subscription.Id));
        Assert.Null((await app.Get<SubscriptionStore>().FindAsync(started.Subscription.Id))!.CustomerUid);
    }

    [Fact]
    public async Task The_management_page_shows_nothing_without_the_secret_and_the_subscription_with_it()
    {
        var s = await app.SubscribeAsync();
        var http = app.CreateClient();

        var without = await http.GetStringAsync($"/subscriptions/manage/{s.PublicId}?key=wrong");
        // Blazor encodes Hangul as character references in the HTML it serves.
        var with = System.Net.WebUtility.HtmlDecode(await http.GetStringAsync("/" + SubscribeService.ManageLink(s)));

        Assert.Contains("subscription-not-found", without, StringComparison.Ordinal);
        Assert.DoesNotContain(s.CardNumber!, without, StringComparison.Ordinal);
        Assert.Contains(s.CardNumber!, with, StringComparison.Ordinal);
        Assert.Contains("구독 중", with, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_charge_refunded_by_staff_through_the_order_refund_schedules_nothing_more()
    {
        var s = await app.SubscribeAsync(Subscribe.Today);
        var charges = await app.ChargesAsync(s);
        var paid = (await app.ChargeOrderAsync(charges[0]))!;

        var message = await app.Get<StaffActions>().RefundAsSeenAsync(paid, null, "고객 요청 환불");

        Assert.Contains("반영", message, StringComparison.Ordinal);
        var after = await app.ChargesAsync(s);
        Assert.Equal([OrderStatus.Refunded, OrderStatus.Scheduled], after.Select(c => c.OrderStatus));
        Assert.Equal(SubscriptionStatus.Active, (await app.Get<SubscriptionStore>().FindAsync(s.Id))!.Status);
    }
}
