using System.Net;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class WindowTests(SandboxHost host)
{
    private static string NewMerchantUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    [Fact]
    public async Task Window_refuses_an_amount_that_differs_from_the_prepared_one()
    {
        var merchantUid = NewMerchantUid("win-prep");
        var (prepStatus, prepared) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/payments/prepare", new { merchant_uid = merchantUid, amount = 109000 });
        Assert.Equal(200, prepStatus);
        Assert.Equal(109000, prepared["response"]!["amount"]!.GetValue<decimal>());

        var (status, json) = await host.RequestWindowAsync(merchantUid, 1000m);
        Assert.Equal(400, status);
        Assert.Null(json["imp_uid"]);
        Assert.Equal("F400", json["error_code"]!.GetValue<string>());

        Assert.Equal(200, (await host.RequestWindowAsync(merchantUid, 109000m)).Status);
    }

    [Fact]
    public async Task Window_refuses_a_string_amount_an_unknown_user_code_and_another_pg()
    {
        Assert.Equal(400, (await host.RequestWindowAsync(NewMerchantUid("win-str"), "1000")).Status);
        Assert.Equal(400, (await host.RequestWindowAsync(new string('m', 41), 1000m)).Status);
        var (status, json) = await host.RequestWindowAsync(NewMerchantUid("win-pg"), 1000m, extra: p => p["pg"] = "kcp");
        Assert.Equal(400, status);
        Assert.Equal("F500", json["error_code"]!.GetValue<string>());
        Assert.Equal(400, (await host.RequestWindowAsync(NewMerchantUid("win-pm"), 1000m, extra: p => p["pay_method"] = "bitcoin")).Status);
    }

    [Fact]
    public async Task Approve_marks_the_card_payment_paid_and_sends_a_paid_webhook()
    {
        var merchantUid = NewMerchantUid("win-paid");
        var impUid = await host.OpenWindowAsync(merchantUid, 109000m, extra: p => p["display"] = new JsonObject { ["card_quota"] = new JsonArray(3, 6) });
        var (status, result) = await host.ActAsync(impUid, "approve", new { card_code = "381", card_quota = 6 });
        Assert.Equal(200, status);
        Assert.Equal(impUid, result["imp_uid"]!.GetValue<string>());
        Assert.Null(result["error_code"]);

        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("paid", payment["status"]!.GetValue<string>());
        Assert.Equal("381", payment["card_code"]!.GetValue<string>());
        Assert.Equal("KB국민카드", payment["card_name"]!.GetValue<string>());
        Assert.Equal(6, payment["card_quota"]!.GetValue<int>());
        Assert.Matches(@"^\d{6}\*{6}\d{4}$", payment["card_number"]!.GetValue<string>());
        Assert.Equal("pc", payment["channel"]!.GetValue<string>());

        var hook = await host.WaitForCallAsync(c => c.Path == "/merchant/hooks" && c.Body.Contains(impUid, StringComparison.Ordinal));
        var body = JsonNode.Parse(hook.Body)!;
        Assert.Equal("paid", body["status"]!.GetValue<string>());
        Assert.Equal(merchantUid, body["merchant_uid"]!.GetValue<string>());

        var (again, _) = await host.ActAsync(impUid, "approve");
        Assert.Equal(409, again);
        Assert.Equal(400, (await host.RequestWindowAsync(merchantUid, 109000m)).Status); // already paid
    }

    [Theory]
    [InlineData(30000, null, 3)]     // below 50,000 won: lump sum only
    [InlineData(60000, null, 3)]     // no display.card_quota: lump sum only
    [InlineData(60000, new[] { 3 }, 6)] // above max(card_quota)
    public async Task Approve_refuses_installments_the_window_would_not_offer(int amount, int[]? quotas, int months)
    {
        var impUid = await host.OpenWindowAsync(NewMerchantUid("win-quota"), amount,
            extra: p => { if (quotas is not null) { p["display"] = new JsonObject { ["card_quota"] = new JsonArray([.. quotas.Select(q => (JsonNode?)q)]) }; } });
        var (status, json) = await host.ActAsync(impUid, "approve", new { card_code = "366", card_quota = months });
        Assert.Equal(400, status);
        Assert.Equal("INVALID_CARD_QUOTA", json["error_code"]!.GetValue<string>());
        Assert.Equal("ready", (await host.PaymentAsync(impUid))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Card_direct_code_and_quota_win_over_the_shoppers_choice()
    {
        var impUid = await host.OpenWindowAsync(NewMerchantUid("win-direct"), 80000m,
            extra: p => p["card"] = new JsonObject { ["direct"] = new JsonObject { ["code"] = "365", ["quota"] = 2 } });
        var page = await host.Http.GetStringAsync($"/sandbox/window/{impUid}");
        Assert.Contains("80,000원", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"card-company\" disabled", page, StringComparison.Ordinal);

        await host.ActAsync(impUid, "approve", new { card_code = "366", card_quota = 0 });
        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("365", payment["card_code"]!.GetValue<string>());
        Assert.Equal(2, payment["card_quota"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("decline", "REJECT_CARD_COMPANY")]
    [InlineData("close", "PAY_PROCESS_CANCELED")]
    public async Task Decline_and_close_fail_the_payment_without_a_webhook(string action, string errorCode)
    {
        var impUid = await host.OpenWindowAsync(NewMerchantUid("win-fail"), 5000m);
        var (status, result) = await host.ActAsync(impUid, action);
        Assert.Equal(200, status);
        Assert.Equal(errorCode, result["error_code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(result["error_msg"]!.GetValue<string>()));

        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("failed", payment["status"]!.GetValue<string>());
        Assert.NotEqual(0, payment["failed_at"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(payment["fail_reason"]!.GetValue<string>()));

        // A later paid webhook to the same URL is the barrier: anything sent for the failure would be queued before it.
        var barrier = await host.PaidCardPaymentAsync(NewMerchantUid("win-barrier"), 1000m);
        await host.WaitForCallAsync(c => c.Body.Contains(barrier, StringComparison.Ordinal));
        Assert.Empty(host.CallsMentioning(impUid));
    }

    [Theory]
    [InlineData("/merchant/confirm/refuse", "재고 부족")]
    [InlineData("/merchant/confirm/refuse-silent", "알 수 없음")]
    public async Task Confirm_url_refusal_fails_the_payment_with_PortOnes_reason_wording(string confirmPath, string reason)
    {
        var merchantUid = NewMerchantUid("win-confirm");
        var impUid = await host.OpenWindowAsync(merchantUid, 32000m, extra: p => p["confirm_url"] = host.Url(confirmPath));
        var (status, result) = await host.ActAsync(impUid, "approve", new { card_code = "366" });
        Assert.Equal(200, status);
        var expected = $"고객사 요청에 의해 결제를 중단합니다. (상세사유 : {reason})";
        Assert.Equal(expected, result["error_msg"]!.GetValue<string>());

        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("failed", payment["status"]!.GetValue<string>());
        Assert.Equal(expected, payment["fail_reason"]!.GetValue<string>());
        var confirm = host.Received.Single(c => c.Path == confirmPath && c.Body.Contains(impUid, StringComparison.Ordinal));
        var body = JsonNode.Parse(confirm.Body)!;
        Assert.Equal(merchantUid, body["merchant_uid"]!.GetValue<string>());
        Assert.Equal(32000, body["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Confirm_url_answering_200_lets_the_payment_through()
    {
        var impUid = await host.OpenWindowAsync(NewMerchantUid("win-confirm-ok"), 32000m, extra: p => p["confirm_url"] = host.Url("/merchant/confirm/ok"));
        await host.ActAsync(impUid, "approve");
        Assert.Equal("paid", (await host.PaymentAsync(impUid))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mobile_window_returns_to_m_redirect_url_with_the_result_query()
    {
        var merchantUid = NewMerchantUid("win-mobile");
        var impUid = await host.OpenWindowAsync(merchantUid, 5000m, "mobile", p => p["m_redirect_url"] = host.Url("/shop/return?lang=ko"));
        var (_, result) = await host.ActAsync(impUid, "close");
        var expected = host.Url($"/shop/return?lang=ko&imp_uid={impUid}&merchant_uid={merchantUid}&error_code=PAY_PROCESS_CANCELED&error_msg=");
        Assert.StartsWith(expected, result["redirect_url"]!.GetValue<string>(), StringComparison.Ordinal);

        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseUri };
        using var response = await client.GetAsync($"/sandbox/window/{impUid}/return");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(expected, response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/pay/return")]
    [InlineData("//evil.example/pay/return")]
    [InlineData("/shop/return")]
    [InlineData("javascript:alert(1)")]
    public async Task Window_refuses_an_m_redirect_url_outside_the_origin_it_was_requested_on(string mRedirectUrl)
    {
        var merchantUid = NewMerchantUid("win-redirect");

        var (status, json) = await host.RequestWindowAsync(merchantUid, 5000m, "mobile", p => p["m_redirect_url"] = mRedirectUrl);

        Assert.Equal(400, status);
        Assert.Null(json["imp_uid"]);
        Assert.Equal("F400", json["error_code"]!.GetValue<string>());
        Assert.Contains("m_redirect_url", json["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Window_refuses_an_m_redirect_url_that_hides_another_host_behind_user_info()
    {
        var disguised = $"http://{host.BaseUri.Authority}@evil.example/pay/return";

        var (status, json) = await host.RequestWindowAsync(NewMerchantUid("win-userinfo"), 5000m, "mobile", p => p["m_redirect_url"] = disguised);

        Assert.Equal(400, status);
        Assert.Equal("F400", json["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Return_step_never_redirects_off_the_origin_the_shopper_came_to_even_for_a_window_opened_with_a_forged_host()
    {
        var merchantUid = NewMerchantUid("win-forged");
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/sandbox/window/requests")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject
            {
                ["user_code"] = SandboxHost.MerchantCode,
                ["mode"] = "mobile",
                ["params"] = new JsonObject
                {
                    ["pg"] = "tosspayments", ["pay_method"] = "card", ["merchant_uid"] = merchantUid, ["amount"] = 5000,
                    ["m_redirect_url"] = "http://evil.example/landing",
                },
            }),
        };
        forged.Headers.Host = "evil.example";
        using var opened = await host.Http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var impUid = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["imp_uid"]!.GetValue<string>();
        await host.ActAsync(impUid, "close");

        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = host.BaseUri };
        using var response = await client.GetAsync($"/sandbox/window/{impUid}/return");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_standalone_sandbox_returns_to_the_app_origin_it_is_configured_with()
    {
        var standalone = SandboxHost.With(new Dictionary<string, string> { ["AppOrigins:0"] = "https://shop.example" });
        await standalone.InitializeAsync();
        try
        {
            var merchantUid = NewMerchantUid("win-app-origin");
            var impUid = await standalone.OpenWindowAsync(merchantUid, 5000m, "mobile", p => p["m_redirect_url"] = "https://shop.example/pay/return?lang=ko");
            await standalone.ActAsync(impUid, "close");

            using var handler = new HttpClientHandler { AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = standalone.BaseUri };
            using var response = await client.GetAsync($"/sandbox/window/{impUid}/return");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith($"https://shop.example/pay/return?lang=ko&imp_uid={impUid}&merchant_uid={merchantUid}&error_code=PAY_PROCESS_CANCELED",
                response.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Equal(400, (await standalone.RequestWindowAsync(NewMerchantUid("win-app-other"), 5000m, "mobile",
                p => p["m_redirect_url"] = "https://other.example/pay/return")).Status);
        }
        finally
        {
            await standalone.DisposeAsync();
        }
    }

    [Fact]
    public async Task Windows_for_one_merchant_uid_approved_at_once_charge_it_once()
    {
        var merchantUid = NewMerchantUid("win-race");
        var windows = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            windows.Add(await host.OpenWindowAsync(merchantUid, 5000m));
        }

        var answers = await Task.WhenAll(windows.Select(impUid => host.ActAsync(impUid, "approve", new { card_code = "366" })));

        Assert.Equal(1, answers.Count(a => a.Json["error_code"] is null));
        Assert.All(answers.Where(a => a.Json["error_code"] is not null),
            a => Assert.Equal("ALREADY_PAID_MERCHANT_UID", a.Json["error_code"]!.GetValue<string>()));
        var statuses = await Task.WhenAll(windows.Select(async impUid => (await host.PaymentAsync(impUid))["status"]!.GetValue<string>()));
        Assert.Equal(1, statuses.Count(s => s == "paid"));
    }

    [Fact]
    public async Task Vbank_issue_leaves_the_payment_ready_and_a_deposit_pays_it()
    {
        var impUid = await host.OpenWindowAsync(NewMerchantUid("win-vbank"), 45000m, extra: p => p["pay_method"] = "vbank");
        Assert.Contains("data-testid=\"vbank-bank\"", await host.Http.GetStringAsync($"/sandbox/window/{impUid}"), StringComparison.Ordinal);
        var (status, _) = await host.ActAsync(impUid, "approve", new { vbank_code = "004" });
        Assert.Equal(200, status);

        var issued = await host.PaymentAsync(impUid);
        Assert.Equal("ready", issued["status"]!.GetValue<string>());
        Assert.Equal("004", issued["vbank_code"]!.GetValue<string>());
        Assert.Equal("KB국민은행", issued["vbank_name"]!.GetValue<string>());
        Assert.Null(issued["vbank_holder"]);
        Assert.True(issued["vbank_date"]!.GetValue<long>() > issued["vbank_issued_at"]!.GetValue<long>());
        await host.WaitForCallAsync(c => c.Body.Contains(impUid, StringComparison.Ordinal) && c.Body.Contains("\"ready\"", StringComparison.Ordinal));

        using var deposit = await host.Http.PostAsync($"/sandbox/control/vbanks/{impUid}/deposit", null);
        Assert.Equal(HttpStatusCode.OK, deposit.StatusCode);
        Assert.Equal("paid", (await host.PaymentAsync(impUid))["status"]!.GetValue<string>());
        await host.WaitForCallAsync(c => c.Body.Contains(impUid, StringComparison.Ordinal) && c.Body.Contains("\"paid\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Iamport_js_and_the_window_page_are_served()
    {
        var script = await host.Http.GetStringAsync("/sandbox/v1/iamport.js");
        Assert.Contains("request_pay", script, StringComparison.Ordinal);
        var impUid = await host.OpenWindowAsync(NewMerchantUid("win-page"), 109000m, extra: p => p["display"] = new JsonObject { ["card_quota"] = new JsonArray(3) });
        var page = await host.Http.GetStringAsync($"/sandbox/window/{impUid}");
        foreach (var testId in new[] { "approve", "decline", "close", "card-company", "card-quota" })
        {
            Assert.Contains($"data-testid=\"{testId}\"", page, StringComparison.Ordinal);
        }
        Assert.Contains("109,000원", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"3\">3개월</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("4개월", page, StringComparison.Ordinal);
    }
}
