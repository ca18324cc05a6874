using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Sandbox;

public sealed class ControlApiTests : IAsyncLifetime
{
    private readonly SandboxHost _host = SandboxHost.With(new Dictionary<string, string>());

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Faults_make_the_api_fail_with_a_PortOne_envelope_until_reset()
    {
        using (await _host.Http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = 1.0 })) { }
        using var failed = await _host.Http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = SandboxHost.ApiKey, imp_secret = SandboxHost.ApiSecret });
        Assert.Contains(failed.StatusCode, new[] { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable });
        Assert.Equal(-1, JsonNode.Parse(await failed.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());

        using (await _host.Http.PostAsync("/sandbox/control/reset", null)) { }
        Assert.False(string.IsNullOrEmpty(await _host.TokenAsync()));
    }

    [Fact]
    public async Task A_call_held_by_the_latency_is_listed_until_the_sandbox_clock_lets_it_through()
    {
        using (await _host.Http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 5_000 })) { }

        var token = _host.Http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = SandboxHost.ApiKey, imp_secret = SandboxHost.ApiSecret });
        var held = await Eventually.WaitAsync(_host.HeldCallsAsync, calls => calls.Count > 0);
        _host.Clock.Advance(TimeSpan.FromSeconds(5));
        using var answered = await token;

        Assert.Equal(["POST /sandbox/api/users/getToken"], held);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Empty(await _host.HeldCallsAsync());
    }

    [Fact]
    public async Task In_Production_the_control_api_is_not_there_while_the_PortOne_api_still_answers()
    {
        var production = SandboxHost.With(new Dictionary<string, string>(), "Production");
        await production.InitializeAsync();
        try
        {
            using var reset = await production.Http.PostAsync("/sandbox/control/reset", null);
            using var webhooks = await production.Http.GetAsync("/sandbox/control/webhooks");
            using var faults = await production.Http.PostAsJsonAsync("/sandbox/control/faults", new { error_rate = 1.0 });

            Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, webhooks.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, faults.StatusCode);
            Assert.False(string.IsNullOrEmpty(await production.TokenAsync()));
        }
        finally
        {
            await production.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reset_forgets_payments_and_webhook_deliveries()
    {
        var impUid = await _host.PaidCardPaymentAsync("control-reset-1", 1000m);
        await _host.WaitForCallAsync(c => c.Body.Contains(impUid, StringComparison.Ordinal));
        using (await _host.Http.PostAsync("/sandbox/control/reset", null)) { }

        var (status, _) = await _host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/{impUid}?include_sandbox=true");
        Assert.Equal(404, status);
        Assert.Empty((await _host.Http.GetFromJsonAsync<JsonArray>("/sandbox/control/webhooks"))!);
    }

    [Fact]
    public async Task The_text_switch_gives_a_payment_display_text_with_control_characters_as_sent_and_leaves_the_rest()
    {
        var impUid = await _host.PaidCardPaymentAsync("control-text-1", 1000m);
        var before = await _host.PaymentAsync(impUid);

        using var set = await _host.Http.PostAsJsonAsync($"/sandbox/control/payments/{impUid}/text", new { card_name = "신한\u0000카드", fail_reason = "a\r\nb" });
        using var unknown = await _host.Http.PostAsJsonAsync("/sandbox/control/payments/imp_000000000000/text", new { card_name = "x" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (set.StatusCode, unknown.StatusCode));
        var after = await _host.PaymentAsync(impUid);
        Assert.Equal(("신한\u0000카드", "a\r\nb"), (after["card_name"]!.GetValue<string>(), after["fail_reason"]!.GetValue<string>()));
        Assert.Equal((before["status"]!.GetValue<string>(), before["amount"]!.GetValue<decimal>(), before["merchant_uid"]!.GetValue<string>()),
            (after["status"]!.GetValue<string>(), after["amount"]!.GetValue<decimal>(), after["merchant_uid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Second_window_for_an_already_paid_merchant_uid_cannot_be_approved()
    {
        var first = await _host.OpenWindowAsync("control-dup-1", 1000m);
        var second = await _host.OpenWindowAsync("control-dup-1", 1000m);
        await _host.ActAsync(first, "approve");
        var (_, result) = await _host.ActAsync(second, "approve");
        Assert.Equal("ALREADY_PAID_MERCHANT_UID", result["error_code"]!.GetValue<string>());
        Assert.Equal("failed", (await _host.PaymentAsync(second))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dropped_webhooks_are_recorded_but_never_reach_the_merchant()
    {
        using (await _host.Http.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { drop = true })) { }
        var impUid = await _host.PaidCardPaymentAsync("control-drop-1", 1000m);

        var delivery = Assert.Single((await _host.Http.GetFromJsonAsync<JsonArray>("/sandbox/control/webhooks"))!);
        Assert.Equal("dropped by sandbox control", delivery!["error"]!.GetValue<string>());
        Assert.Contains(impUid, delivery["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_host.CallsMentioning(impUid));
    }

    [Fact]
    public async Task Duplicated_webhooks_arrive_once_plus_the_asked_copies()
    {
        using (await _host.Http.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { duplicate = 2 })) { }
        var impUid = await _host.PaidCardPaymentAsync("control-dup-hooks", 1000m);
        await SandboxHost.WaitUntilAsync(() => _host.CallsMentioning(impUid).Count >= 3);
        Assert.Equal(3, _host.CallsMentioning(impUid).Count);
    }

    [Fact]
    public async Task Delayed_webhooks_wait_on_the_sandbox_clock_and_the_mode_is_validated()
    {
        using var bad = await _host.Http.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { duplicate = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (await _host.Http.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { delay_ms = 60_000 })) { }
        var impUid = await _host.PaidCardPaymentAsync("control-delay-1", 1000m);
        Assert.Empty(_host.CallsMentioning(impUid));

        // The delivery task may start its timer after a given advance, so keep the clock moving until it lands.
        await SandboxHost.WaitUntilAsync(() => _host.CallsMentioning(impUid).Count > 0, () => _host.Clock.Advance(TimeSpan.FromMinutes(1)));
        Assert.Single(_host.CallsMentioning(impUid));
    }
}
