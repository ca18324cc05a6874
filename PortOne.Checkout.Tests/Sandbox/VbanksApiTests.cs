using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class VbanksApiTests(SandboxHost host)
{
    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private Task<(int Status, JsonNode Json)> IssueAsync(string merchantUid, string? vbankKey = null, string? buyerName = "홍길동") =>
        host.ApiAsync(HttpMethod.Post, "/sandbox/api/vbanks", new
        {
            channel_key = "channel-key-sandbox", merchant_uid = merchantUid, amount = 45000, vbank_code = "088",
            vbank_due = host.Clock.GetUtcNow().AddDays(3).ToUnixTimeSeconds(), vbank_holder = "무시될 예금주", vbank_key = vbankKey,
            name = "도서 3권", buyer_name = buyerName, notice_url = new[] { host.Url("/merchant/vbank-hooks") },
        });

    [Fact]
    public async Task Issued_vbank_is_a_ready_api_payment_with_no_holder_and_a_ready_webhook()
    {
        var merchantUid = NewUid("vb");
        var (status, json) = await IssueAsync(merchantUid);
        Assert.Equal(200, status);
        var payment = json["response"]!;
        Assert.Equal("ready", payment["status"]!.GetValue<string>());
        Assert.Equal("vbank", payment["pay_method"]!.GetValue<string>());
        Assert.Equal("api", payment["channel"]!.GetValue<string>());
        Assert.Equal("신한은행", payment["vbank_name"]!.GetValue<string>());
        Assert.Null(payment["vbank_holder"]);
        Assert.True(payment["vbank_issued_at"]!.GetValue<long>() > 0);

        var hook = await host.WaitForCallAsync(c => c.Path == "/merchant/vbank-hooks" && c.Body.Contains(merchantUid, StringComparison.Ordinal));
        Assert.Equal("ready", JsonNode.Parse(hook.Body)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Toss_needs_buyer_name_and_the_same_vbank_key_yields_the_same_account()
    {
        Assert.Equal(400, (await IssueAsync(NewUid("vb-noname"), buyerName: null)).Status);

        var key = NewUid("vbkey");
        var first = (await IssueAsync(NewUid("vb-key1"), key)).Json["response"]!["vbank_num"]!.GetValue<string>();
        var second = (await IssueAsync(NewUid("vb-key2"), key)).Json["response"]!["vbank_num"]!.GetValue<string>();
        var other = (await IssueAsync(NewUid("vb-key3"), NewUid("vbkey"))).Json["response"]!["vbank_num"]!.GetValue<string>();
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Only_a_ready_vbank_can_be_revoked()
    {
        var impUid = (await IssueAsync(NewUid("vb-del"))).Json["response"]!["imp_uid"]!.GetValue<string>();
        var (status, json) = await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/vbanks/{impUid}");
        Assert.Equal(200, status);
        Assert.Equal("cancelled", json["response"]!["status"]!.GetValue<string>());
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/vbanks/{impUid}")).Status);

        var paid = (await IssueAsync(NewUid("vb-paid"))).Json["response"]!["imp_uid"]!.GetValue<string>();
        using (await host.Http.PostAsync($"/sandbox/control/vbanks/{paid}/deposit", null)) { }
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/vbanks/{paid}")).Status);

        var card = await host.PaidCardPaymentAsync(NewUid("vb-card"), 1000m);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/vbanks/{card}")).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Delete, "/sandbox/api/vbanks/imp_000000000000")).Status);
    }

    [Fact]
    public async Task Card_and_bank_codes_list_the_standard_codes_and_404_an_unknown_one()
    {
        var (_, cards) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/cards");
        Assert.Contains(cards["response"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "381" && c["name"]!.GetValue<string>() == "KB국민카드");
        var (_, card) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/cards/041");
        Assert.Equal("우리카드", card["response"]!["name"]!.GetValue<string>());
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, "/sandbox/api/cards/999")).Status);

        var (_, banks) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/banks");
        Assert.Contains(banks["response"]!.AsArray(), b => b!["code"]!.GetValue<string>() == "092");
        var (_, bank) = await host.ApiAsync(HttpMethod.Get, "/sandbox/api/banks/088");
        Assert.Equal("신한은행", bank["response"]!["name"]!.GetValue<string>());
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, "/sandbox/api/banks/999")).Status);
    }
}
