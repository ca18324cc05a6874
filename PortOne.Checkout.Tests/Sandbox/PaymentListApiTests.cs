using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class PaymentListApiTests(SandboxHost host)
{
    private static string NewMerchantUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    [Fact]
    public async Task Multi_get_answers_200_when_all_are_found_207_when_some_are_missing_and_404_when_none()
    {
        var first = await host.PaidCardPaymentAsync(NewMerchantUid("list-a"), 1000m);
        var secondMerchantUid = NewMerchantUid("list-b");
        var second = await host.PaidCardPaymentAsync(secondMerchantUid, 2000m);

        var (all, allJson) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments?imp_uid[]={first}&merchant_uid[]={secondMerchantUid}");
        Assert.Equal(200, all);
        Assert.Equal(0, allJson["code"]!.GetValue<int>());
        Assert.Equal(new[] { first, second }, allJson["response"]!.AsArray().Select(p => p!["imp_uid"]!.GetValue<string>()));

        var (partial, partialJson) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments?imp_uid[]={first}&imp_uid[]=imp_000000000000");
        Assert.Equal(207, partial);
        Assert.Equal(0, partialJson["code"]!.GetValue<int>());
        Assert.Single(partialJson["response"]!.AsArray());

        var (none, noneJson) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/payments?imp_uid[]=imp_000000000000");
        Assert.Equal(404, none);
        Assert.Equal(-1, noneJson["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task FindAll_pages_every_payment_of_a_merchant_uid_newest_first()
    {
        var merchantUid = NewMerchantUid("list-all");
        var closed = await host.OpenWindowAsync(merchantUid, 1000m);
        await host.ActAsync(closed, "close");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var paid = await host.PaidCardPaymentAsync(merchantUid, 1000m);

        var (status, json) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/findAll/{merchantUid}?limit=1");
        Assert.Equal(200, status);
        var page = json["response"]!;
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal(0, page["previous"]!.GetValue<int>());
        Assert.Equal(2, page["next"]!.GetValue<int>());
        Assert.Equal(paid, page["list"]![0]!["imp_uid"]!.GetValue<string>());

        var (_, failed) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/findAll/{merchantUid}/failed");
        Assert.Equal(closed, Assert.Single(failed["response"]!["list"]!.AsArray())!["imp_uid"]!.GetValue<string>());

        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/findAll/{merchantUid}/refunded")).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/findAll/{NewMerchantUid("list-none")}")).Status);
    }

    [Fact]
    public async Task Status_listing_pages_filters_and_limits_the_window_to_90_days()
    {
        var impUid = await host.PaidCardPaymentAsync(NewMerchantUid("list-status"), 1000m);
        var (status, json) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/payments/status/paid?limit=1000&sorting=-paid");
        Assert.Equal(200, status);
        var list = json["response"]!["list"]!.AsArray();
        Assert.Contains(impUid, list.Select(p => p!["imp_uid"]!.GetValue<string>()));
        Assert.All(list, p => Assert.Equal("paid", p!["status"]!.GetValue<string>()));

        var (paged, pagedJson) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/payments/status/all?limit=1&page=2");
        Assert.Equal(200, paged);
        Assert.Equal(1, pagedJson["response"]!["previous"]!.GetValue<int>());

        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/status/paid?from={now - 91 * 86400}&to={now}")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, "/sandbox/api/payments/status/refunded")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, "/sandbox/api/payments/status/all?limit=1001")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, "/sandbox/api/payments/status/all?page=100000")).Status);
    }
}
