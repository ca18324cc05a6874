using System.Net.Http.Json;
using PortOne.Checkout.Features.Subscriptions;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>A signed-up subscription with a confirmed card, for tests on any app (not only <see cref="SubscriptionApp"/>).</summary>
public static class Subscribers
{
    /// <summary>Signs up as a shopper would (consent ticked, the buyer of <see cref="CheckoutApp.Buyer"/>) and approves the card window.</summary>
    public static async Task<Subscription> SubscribeAsync(this CheckoutApp app, DateOnly firstChargeDate)
    {
        var started = await app.Get<SubscribeService>().StartAsync("SUB-COFFEE-MONTHLY", CheckoutApp.Buyer(), firstChargeDate, consented: true);
        var opened = await app.Shopper().OpenAsync(started.RequestPayParams);
        Assert.True(opened.ImpUid is not null, $"window refused: {opened.ErrorCode} {opened.ErrorMsg}");
        using var approved = await app.CreateClient().PostAsJsonAsync($"/sandbox/window/{opened.ImpUid}/approve", new { test_card = "approve" });
        approved.EnsureSuccessStatusCode();
        Assert.Equal(CardConfirmation.Registered, await app.Get<SubscriptionBilling>().ConfirmCardAsync(started.Subscription.Id));
        return (await app.Get<SubscriptionStore>().FindAsync(started.Subscription.Id))!;
    }
}
