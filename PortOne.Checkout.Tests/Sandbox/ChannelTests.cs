using System.Text.Json.Nodes;
using PortOne.Sandbox;
using PortOne.Sandbox.Store;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>Channels named by channel key: request_pay's channelKey and the REST channel_key, beside the older pg.</summary>
public sealed class ChannelTests : IAsyncLifetime
{
    private const string General = "channel-key-4f1c2a9e-general";
    private const string Billing = "channel-key-7b3d5e1f-billing";
    private const string Unknown = "channel-key-00000000-unknown";
    private const string UnknownChannel = "채널 정보를 조회할 수 없습니다.";

    private readonly SandboxHost _host = SandboxHost.With(new Dictionary<string, string>
    {
        ["ChannelKeys:0"] = General,
        ["ChannelKeys:1"] = Billing,
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private long Now => _host.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task Window_opens_for_a_configured_channelKey_in_place_of_pg()
    {
        var (status, json) = await _host.RequestWindowAsync(NewUid("ch-win"), 1000m, extra: p =>
        {
            p.Remove("pg");
            p["channelKey"] = General;
        });

        Assert.Equal(200, status);
        Assert.NotNull(json["imp_uid"]);
    }

    [Theory]
    [InlineData(Unknown)]
    [InlineData(SandboxOptions.DefaultChannelKey)] // listing keys replaces the defaults
    [InlineData("")]
    public async Task Window_refuses_a_channelKey_it_does_not_have_with_F500_even_beside_a_good_pg(string channelKey)
    {
        var (status, json) = await _host.RequestWindowAsync(NewUid("ch-win-x"), 1000m, extra: p => p["channelKey"] = channelKey);

        Assert.Equal(400, status);
        Assert.Null(json["imp_uid"]);
        Assert.Equal("F500", json["error_code"]!.GetValue<string>());
        Assert.Equal("결제 창 호출에 실패했습니다. " + UnknownChannel, json["error_msg"]!.GetValue<string>());
    }

    [Fact]
    public async Task Window_still_opens_with_pg_alone()
    {
        Assert.Equal(200, (await _host.RequestWindowAsync(NewUid("ch-win-pg"), 1000m)).Status);
    }

    [Fact]
    public async Task Every_rest_call_that_takes_a_channel_key_refuses_an_unknown_one_with_code_1_and_does_nothing()
    {
        var customerUid = NewUid("ch-cust");
        Assert.Equal(0, (await IssueKeyAsync(customerUid, Billing)).Json["code"]!.GetValue<int>());
        var merchantUid = NewUid("ch-x");
        var calls = new (string Path, object Body)[]
        {
            ($"/sandbox/api/subscribe/customers/{NewUid("ch-cust-x")}", new { channel_key = Unknown, customer_id = "m-1", card_number = TestCards.Approved, expiry = "2030-12" }),
            ("/sandbox/api/subscribe/payments/onetime", new { channel_key = Unknown, merchant_uid = merchantUid, amount = 9900, card_number = TestCards.Approved, expiry = "2030-12" }),
            ("/sandbox/api/subscribe/payments/again", new { channel_key = Unknown, customer_uid = customerUid, merchant_uid = merchantUid, amount = 9900, name = "월간 구독" }),
            ("/sandbox/api/subscribe/payments/schedule", new
            {
                channel_key = Unknown, customer_uid = customerUid,
                schedules = new[] { new { merchant_uid = merchantUid, schedule_at = Now + 3600, currency = "KRW", amount = 9900, name = "월간 구독" } },
            }),
            ("/sandbox/api/vbanks", new
            {
                channel_key = Unknown, merchant_uid = merchantUid, amount = 45000, vbank_code = "088", vbank_due = Now + 86400, buyer_name = "홍길동",
            }),
            ($"/sandbox/api/receipts/external/{merchantUid}", new { channel_key = Unknown, amount = 22000, identifier = "01000000000" }),
        };

        foreach (var (path, body) in calls)
        {
            var (status, json) = await _host.ApiAsync(HttpMethod.Post, path, body);
            Assert.True((status, json["code"]!.GetValue<int>()) == (200, 1), $"{path}: {status} {json.ToJsonString()}");
            Assert.StartsWith(UnknownChannel, json["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Null(json["response"]);
        }
        Assert.Equal(404, (await _host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/find/{merchantUid}")).Status);
        Assert.Equal(404, (await _host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{merchantUid}")).Status);
        Assert.Equal(404, (await _host.ApiAsync(HttpMethod.Get, $"/sandbox/api/receipts/external/{merchantUid}")).Status);
    }

    [Fact]
    public async Task Rest_calls_accept_a_configured_channel_key_and_still_accept_pg()
    {
        var customerUid = NewUid("ch-ok");
        Assert.Equal(0, (await IssueKeyAsync(customerUid, Billing)).Json["code"]!.GetValue<int>());
        var (_, again) = await _host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
            new { channel_key = Billing, customer_uid = customerUid, merchant_uid = NewUid("ch-again"), amount = 9900, name = "월간 구독" });
        var (_, vbank) = await _host.ApiAsync(HttpMethod.Post, "/sandbox/api/vbanks", new
        {
            channel_key = General, merchant_uid = NewUid("ch-vb"), amount = 45000, vbank_code = "088", vbank_due = Now + 86400, buyer_name = "홍길동",
        });
        var (_, receipt) = await _host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/external/{NewUid("ch-rc")}",
            new { channel_key = General, amount = 22000, identifier = "01000000000" });
        var (_, byPg) = await _host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{NewUid("ch-pg")}",
            new { pg = "tosspayments.iamporttest_4", customer_id = "m-2", card_number = TestCards.Approved, expiry = "2030-12" });
        var (_, otherPg) = await _host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{NewUid("ch-kcp")}",
            new { pg = "kcp", customer_id = "m-3", card_number = TestCards.Approved, expiry = "2030-12" });

        Assert.Equal("paid", again["response"]!["status"]!.GetValue<string>());
        Assert.Equal("ready", vbank["response"]!["status"]!.GetValue<string>());
        Assert.Equal(0, receipt["code"]!.GetValue<int>());
        Assert.Equal(0, byPg["code"]!.GetValue<int>());
        Assert.Equal(1, otherPg["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_configured_keys_the_two_default_channel_keys_are_known()
    {
        var defaults = SandboxHost.With(new Dictionary<string, string>());
        await defaults.InitializeAsync();
        try
        {
            foreach (var key in new[] { SandboxOptions.DefaultChannelKey, SandboxOptions.DefaultBillingChannelKey })
            {
                var (status, _) = await defaults.RequestWindowAsync(NewUid("ch-default"), 1000m, extra: p => p["channelKey"] = key);
                Assert.Equal(200, status);
            }
            Assert.Equal(400, (await defaults.RequestWindowAsync(NewUid("ch-default-x"), 1000m, extra: p => p["channelKey"] = Unknown)).Status);
        }
        finally
        {
            await defaults.DisposeAsync();
        }
    }

    private Task<(int Status, JsonNode Json)> IssueKeyAsync(string customerUid, string channelKey) =>
        _host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{customerUid}",
            new { channel_key = channelKey, customer_id = "member-1", card_number = TestCards.Approved, expiry = "2030-12" });
}
