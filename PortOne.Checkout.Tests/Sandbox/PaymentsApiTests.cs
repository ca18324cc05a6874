using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class PaymentsApiTests(SandboxHost host)
{
    [Fact]
    public async Task A_paid_card_payment_reports_its_status_pg_custom_data_and_times()
    {
        var impUid = await host.PaidCardPaymentAsync($"pay-schema-{Guid.NewGuid():N}"[..30], 32000,
            p => p["custom_data"] = new JsonObject { ["cartId"] = 42 });
        var payment = (JsonObject)await host.PaymentAsync(impUid);

        Assert.Matches("^imp_[0-9]{12}$", impUid);
        Assert.Equal("paid", payment["status"]!.GetValue<string>());
        Assert.True(payment["sandbox"]!.GetValue<bool>());
        Assert.Equal("tosspayments", payment["pg_provider"]!.GetValue<string>());
        Assert.Equal("iamporttest_3", payment["pg_id"]!.GetValue<string>());
        Assert.Equal("{\"cartId\":42}", payment["custom_data"]!.GetValue<string>());
        Assert.Equal(0, payment["failed_at"]!.GetValue<long>());
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeSeconds(), payment["paid_at"]!.GetValue<long>());
        Assert.Empty(payment["cancel_history"]!.AsArray());
    }

    [Fact]
    public async Task Sandbox_payment_is_hidden_without_include_sandbox()
    {
        var impUid = await host.OpenWindowAsync($"pay-hidden-{Guid.NewGuid():N}"[..30], 1000);
        var (status, json) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/{impUid}");
        Assert.Equal(404, status);
        Assert.Equal(-1, json["code"]!.GetValue<int>());
        Assert.Equal("존재하지 않는 결제정보입니다.", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Find_by_merchant_uid_returns_the_latest_payment_in_the_asked_status()
    {
        var merchantUid = $"pay-find-{Guid.NewGuid():N}"[..30];
        var closed = await host.OpenWindowAsync(merchantUid, 1000);
        await host.ActAsync(closed, "close");
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var paid = await host.PaidCardPaymentAsync(merchantUid, 1000);

        var (_, latest) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/find/{merchantUid}");
        Assert.Equal(paid, latest["response"]!["imp_uid"]!.GetValue<string>());
        var (_, failed) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/find/{merchantUid}/failed");
        Assert.Equal(closed, failed["response"]!["imp_uid"]!.GetValue<string>());
        var (status, _) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/find/{merchantUid}/cancelled");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Buyer_fields_are_cut_to_PortOnes_maximum_lengths()
    {
        var impUid = await host.OpenWindowAsync($"pay-cut-{Guid.NewGuid():N}"[..30], 1000,
            extra: p => { p["buyer_name"] = new string('가', 30); p["buyer_postcode"] = "1234567890"; });
        var payment = await host.PaymentAsync(impUid);
        Assert.Equal(16, payment["buyer_name"]!.GetValue<string>().Length);
        Assert.Equal("12345678", payment["buyer_postcode"]!.GetValue<string>());
        Assert.Equal("ready", payment["status"]!.GetValue<string>());
        Assert.Equal(0, payment["paid_at"]!.GetValue<long>());
    }
}
