using PortOne.Checkout.Tests.TestSupport;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly SandboxHost _host = SandboxHost.With(new Dictionary<string, string>
    {
        ["WebhookFormat"] = "Form",
        ["WebhookRetries"] = "true",
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Form_webhook_is_resent_five_times_a_minute_apart_while_the_merchant_answers_5xx()
    {
        var impUid = await _host.PaidCardPaymentAsync("hook-retry-1", 1000m, p => p["notice_url"] = _host.Url("/merchant/hooks/unavailable"));

        await WaitForDeliveriesAsync(1);
        for (var attempt = 2; attempt <= 6; attempt++)
        {
            // The re-send timer starts just after the previous delivery is recorded, so keep nudging the clock.
            var expected = attempt;
            await Eventually.WaitAsync(DeliveriesAsync, d => d.Count >= expected, TimeSpan.FromSeconds(5),
                step: () => _host.Clock.Advance(TimeSpan.FromMinutes(1)));
        }
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var deliveries = await DeliveriesAsync();
        Assert.Equal(6, deliveries.Count);
        var sentAt = deliveries.Select(d => d!["sent_at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.All(sentAt.Zip(sentAt.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMinutes(1)));
        Assert.All(deliveries, d => Assert.Equal(503, d!["status_code"]!.GetValue<int>()));
        Assert.Equal($"imp_uid={impUid}&merchant_uid=hook-retry-1&status=paid", deliveries[0]!["body"]!.GetValue<string>());
        Assert.StartsWith("application/x-www-form-urlencoded",
            _host.Received.First(c => c.Path == "/merchant/hooks/unavailable").ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_answered_with_200_is_not_resent()
    {
        await _host.PaidCardPaymentAsync("hook-once-1", 1000m);
        await WaitForDeliveriesAsync(1);
        _host.Clock.Advance(TimeSpan.FromMinutes(10));
        // A paid webhook from a later payment is the barrier for any re-send the clock might have released.
        await _host.PaidCardPaymentAsync("hook-once-2", 1000m);
        await WaitForDeliveriesAsync(2);
        Assert.Equal(2, (await DeliveriesAsync()).Count);
    }

    private async Task<JsonArray> DeliveriesAsync() =>
        (await _host.Http.GetFromJsonAsync<JsonArray>("/sandbox/control/webhooks"))!;

    private Task<JsonArray> WaitForDeliveriesAsync(int count) =>
        Eventually.WaitAsync(DeliveriesAsync, d => d.Count >= count, TimeSpan.FromSeconds(5));
}
