using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class CancelApiTests(SandboxHost host)
{
    private const string Cancel = "/sandbox/api/payments/cancel";

    private static string NewMerchantUid() => $"cancel-{Guid.NewGuid():N}"[..32];

    [Fact]
    public async Task Partial_then_full_cancel_tracks_the_balance_and_history()
    {
        var impUid = await host.PaidCardPaymentAsync(NewMerchantUid(), 32000m);

        var (status, partial) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid, amount = 10000, checksum = 32000, reason = "부분 환불" });
        Assert.Equal(200, status);
        Assert.Equal(0, partial["code"]!.GetValue<int>());
        var payment = partial["response"]!;
        Assert.Equal("cancelled", payment["status"]!.GetValue<string>());
        Assert.Equal(10000, payment["cancel_amount"]!.GetValue<decimal>());
        var history = payment["cancel_history"]!.AsArray();
        Assert.Single(history);
        Assert.False(string.IsNullOrEmpty(history[0]!["cancellation_id"]!.GetValue<string>()));
        Assert.Equal(10000, history[0]!["amount"]!.GetValue<decimal>());

        var (_, full) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid });
        Assert.Equal(32000, full["response"]!["cancel_amount"]!.GetValue<decimal>());
        Assert.Equal(2, full["response"]!["cancel_history"]!.AsArray().Count);

        var (againStatus, again) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid });
        Assert.Equal(200, againStatus);
        AssertRefused(again, "이미 전액취소된 주문입니다.");
    }

    [Fact]
    public async Task Racing_partial_cancels_never_refund_more_than_was_paid()
    {
        var impUid = await host.PaidCardPaymentAsync(NewMerchantUid(), 10000m);
        var token = await host.TokenAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Cancel) { Content = System.Net.Http.Json.JsonContent.Create(new { imp_uid = impUid, amount = 1000 }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await host.Http.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<int>();
        }));

        Assert.Equal(10, answers.Count(code => code == 0));
        var payment = await host.PaymentAsync(impUid);
        Assert.Equal(10000, payment["cancel_amount"]!.GetValue<decimal>());
        Assert.Equal(10, payment["cancel_history"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_cancel_without_a_reason_gives_reason_as_an_empty_string()
    {
        var impUid = await host.PaidCardPaymentAsync(NewMerchantUid(), 5000m);

        var (_, json) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid });

        var entry = Assert.Single(json["response"]!["cancel_history"]!.AsArray())!;
        Assert.Equal("", entry["reason"]!.GetValue<string>());
        Assert.Equal("", json["response"]!["cancel_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_by_merchant_uid_with_form_body_is_accepted()
    {
        var merchantUid = NewMerchantUid();
        await host.PaidCardPaymentAsync(merchantUid, 5000m);
        using var request = new HttpRequestMessage(HttpMethod.Post, Cancel)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["merchant_uid"] = merchantUid, ["amount"] = "2000" }),
        };
        request.Headers.TryAddWithoutValidation("X-ImpTokenHeader", await host.TokenAsync());
        using var response = await host.Http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, json["code"]!.GetValue<int>());
        Assert.Equal(2000, json["response"]!["cancel_amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Checksum_that_differs_from_the_balance_is_refused()
    {
        var impUid = await host.PaidCardPaymentAsync(NewMerchantUid(), 32000m);
        var (_, json) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid, amount = 1000, checksum = 31000 });
        Assert.Equal(1, json["code"]!.GetValue<int>());
        Assert.Equal(0, (await host.PaymentAsync(impUid))["cancel_amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Cancel_above_the_balance_is_refused()
    {
        var impUid = await host.PaidCardPaymentAsync(NewMerchantUid(), 32000m);
        var (_, json) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid, amount = 40000 });
        Assert.Equal(1, json["code"]!.GetValue<int>());
        Assert.Null(json["response"]);
        Assert.Equal("paid", (await host.PaymentAsync(impUid))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_of_a_missing_payment_answers_code_1()
    {
        var (status, json) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = "imp_000000000000", merchant_uid = "whatever" });
        Assert.Equal(200, status);
        AssertRefused(json, "취소할 결제건이 존재하지 않습니다.");
    }

    [Fact]
    public async Task Cancel_webhook_is_sent_only_with_enable_webhook()
    {
        var quiet = await host.PaidCardPaymentAsync(NewMerchantUid(), 5000m);
        var loud = await host.PaidCardPaymentAsync(NewMerchantUid(), 5000m);
        await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = quiet });
        var (_, cancelled) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = loud, enable_webhook = true });
        var cancellationId = cancelled["response"]!["cancel_history"]![0]!["cancellation_id"]!.GetValue<string>();

        var hook = await host.WaitForCallAsync(c => c.Body.Contains(loud, StringComparison.Ordinal) && c.Body.Contains("cancelled", StringComparison.Ordinal));
        Assert.Equal(cancellationId, JsonNode.Parse(hook.Body)!["cancellation_id"]!.GetValue<string>());
        Assert.DoesNotContain(host.CallsMentioning(quiet), c => c.Body.Contains("cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Vbank_refund_requires_the_refund_account()
    {
        var impUid = await host.OpenWindowAsync(NewMerchantUid(), 45000m, extra: p => p["pay_method"] = "vbank");
        await host.ActAsync(impUid, "approve", new { vbank_code = "088" });
        using (await host.Http.PostAsync($"/sandbox/control/vbanks/{impUid}/deposit", null)) { }

        var (_, refused) = await host.ApiAsync(HttpMethod.Post, Cancel, new { imp_uid = impUid });
        Assert.Equal(1, refused["code"]!.GetValue<int>());
        var (_, refunded) = await host.ApiAsync(HttpMethod.Post, Cancel,
            new { imp_uid = impUid, refund_holder = "홍길동", refund_bank = "088", refund_account = "110123456789" });
        Assert.Equal(0, refunded["code"]!.GetValue<int>());
        Assert.Equal("cancelled", refunded["response"]!["status"]!.GetValue<string>());
    }

    private static void AssertRefused(JsonNode json, string message)
    {
        Assert.Equal(1, json["code"]!.GetValue<int>());
        Assert.Equal(message, json["message"]!.GetValue<string>());
        Assert.Null(json["response"]);
    }
}
