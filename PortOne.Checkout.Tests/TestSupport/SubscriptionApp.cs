using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Subscriptions;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// The app and its sandbox on one fake clock that starts now, so a test can move to a schedule's time
/// and run it (<c>/sandbox/control/schedules/run</c>). Reconciliation and the subscription upkeep are
/// off: tests run their passes themselves.
/// </summary>
public sealed class SubscriptionApp : CheckoutApp
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Reconciliation:Enabled"] = "false",
        ["Reconciliation:MinimumAge"] = "00:00:00",
        ["Subscriptions:UpkeepEnabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Signs up as a shopper would (consent ticked) and registers the card in the sandbox's billing window.</summary>
    public async Task<Subscription> SubscribeAsync(DateOnly? firstChargeDate = null, string testCard = "approve", string sku = "SUB-COFFEE-MONTHLY")
    {
        var service = Get<SubscribeService>();
        var started = await service.StartAsync(sku, Buyer(), firstChargeDate ?? service.Today.AddDays(1), consented: true);
        await RegisterCardAsync(started.RequestPayParams, testCard);
        Assert.Equal(CardConfirmation.Registered, await Get<SubscriptionBilling>().ConfirmCardAsync(started.Subscription.Id));
        return (await Get<SubscriptionStore>().FindAsync(started.Subscription.Id))!;
    }

    /// <summary>Opens the billing-key window with the app's parameters and approves it with a test card (approve, limit, suspended).</summary>
    public async Task RegisterCardAsync(JsonObject requestPayParams, string testCard = "approve")
    {
        var http = CreateClient();
        var opened = await Shopper().OpenAsync(requestPayParams);
        Assert.True(opened.ImpUid is not null, $"window refused: {opened.ErrorCode} {opened.ErrorMsg}");
        using var approved = await http.PostAsJsonAsync($"/sandbox/window/{opened.ImpUid}/approve", new { test_card = testCard });
        var answer = await WindowAnswer.ReadAsync(approved);
        Assert.True(answer.ErrorCode is null, $"approval failed: {answer.ErrorCode} {answer.ErrorMsg}");
    }

    /// <summary>Moves both clocks past <paramref name="unixSeconds"/> and runs what PortOne has due.</summary>
    public async Task RunSchedulesAtAsync(long unixSeconds)
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        if (unixSeconds >= now)
        {
            Clock.Advance(TimeSpan.FromSeconds(unixSeconds - now + 1));
        }
        using var response = await CreateClient().PostAsync("/sandbox/control/schedules/run", null);
        response.EnsureSuccessStatusCode();
    }

    public async Task SetWebhookModeAsync(bool drop = false, int duplicate = 0)
    {
        using var response = await CreateClient().PostAsJsonAsync("/sandbox/control/webhooks/mode", new { drop, duplicate, delay_ms = 0 });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many webhooks for <paramref name="merchantUid"/> the app has answered, waiting (bounded) for <paramref name="expected"/>.</summary>
    public Task<int> WebhooksAnsweredAsync(string merchantUid, int expected) => Eventually.WaitAsync(async () =>
    {
        var deliveries = await CreateClient().GetFromJsonAsync<JsonArray>("/sandbox/control/webhooks") ?? [];
        return deliveries.Count(d => d!["body"]!.GetValue<string>().Contains(merchantUid, StringComparison.Ordinal) && d["status_code"] is not null);
    }, count => count >= expected);

    public Task<IReadOnlyList<SubscriptionCharge>> ChargesAsync(Subscription s) => Get<SubscriptionStore>().ChargesAsync(s.Id);

    /// <summary>Waits (bounded) until the charges satisfy <paramref name="done"/>: webhooks arrive in the background.</summary>
    public Task<IReadOnlyList<SubscriptionCharge>> ChargesWhenAsync(Subscription s, Func<IReadOnlyList<SubscriptionCharge>, bool> done) =>
        Eventually.WaitAsync(() => ChargesAsync(s), done);

    public Task<Order?> ChargeOrderAsync(SubscriptionCharge charge) => Get<OrderStore>().FindAsync(charge.MerchantUid);
}
