using System.Text.Json.Nodes;
using PortOne.Sandbox.Store;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class SubscribeApiTests(SandboxHost host)
{
    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private Task<(int Status, JsonNode Json)> IssueAsync(string customerUid, string cardNumber, string? customerId = "member-42") =>
        host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{customerUid}", new
        {
            pg = "tosspayments",
            customer_id = customerId,
            card_number = cardNumber,
            expiry = "2030-12",
            birth = "900101",
            pwd_2digit = "12",
            customer_name = "홍길동",
            customer_tel = "010-0000-0000",
        });

    [Fact]
    public async Task Issued_billing_key_keeps_the_masked_card_and_the_customer()
    {
        var customerUid = NewUid("cust");
        var (status, json) = await IssueAsync(customerUid, TestCards.Approved);
        Assert.Equal(200, status);
        Assert.Equal(0, json["code"]!.GetValue<int>());
        var customer = json["response"]!;
        Assert.Equal(customerUid, customer["customer_uid"]!.GetValue<string>());
        Assert.Equal("member-42", customer["customer_id"]!.GetValue<string>());
        Assert.Equal("536148******0001", customer["card_number"]!.GetValue<string>());
        Assert.Equal("홍길동", customer["customer_name"]!.GetValue<string>());
        Assert.True(customer["sandbox"]!.GetValue<bool>());

        var (getStatus, got) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}");
        Assert.Equal(200, getStatus);
        Assert.Equal(customerUid, got["response"]!["customer_uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Billing_key_needs_customer_id_and_a_card_that_authenticates()
    {
        Assert.Equal(400, (await IssueAsync(NewUid("cust-noid"), TestCards.Approved, customerId: null)).Status);

        var (status, json) = await IssueAsync(NewUid("cust-auth"), TestCards.AuthFailure);
        Assert.Equal(200, status);
        Assert.Equal(-1, json["code"]!.GetValue<int>());
        Assert.Null(json["response"]);
        Assert.Contains("카드정보 인증에 실패하였습니다", json["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (other, otherJson) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{NewUid("cust-pg")}",
            new { pg = "kcp", customer_id = "m", card_number = TestCards.Approved, expiry = "2030-12" });
        Assert.Equal(200, other);
        Assert.Equal(1, otherJson["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleted_or_unknown_keys_are_404_and_the_multi_get_is_207_when_partly_found()
    {
        var kept = NewUid("cust-keep");
        var deleted = NewUid("cust-del");
        await IssueAsync(kept, TestCards.Approved);
        await IssueAsync(deleted, TestCards.Approved);

        var (deleteStatus, deleteJson) = await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/subscribe/customers/{deleted}?reason=탈퇴");
        Assert.Equal(200, deleteStatus);
        Assert.Equal(deleted, deleteJson["response"]!["customer_uid"]!.GetValue<string>());
        var (gone, goneJson) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{deleted}");
        Assert.Equal(404, gone);
        Assert.Equal(-1, goneJson["code"]!.GetValue<int>());
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/subscribe/customers/{deleted}")).Status);

        var (partial, partialJson) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers?customer_uid[]={kept}&customer_uid[]={deleted}");
        Assert.Equal(207, partial);
        Assert.Single(partialJson["response"]!.AsArray());
        Assert.Equal(200, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers?customer_uid[]={kept}")).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers?customer_uid[]={deleted}")).Status);
    }

    [Theory]
    [InlineData(TestCards.Approved, "paid", null)]
    [InlineData(TestCards.LimitExceeded, "failed", "REJECT_CARD_PAYMENT")]
    [InlineData(TestCards.Suspended, "failed", "INVALID_STOPPED_CARD")]
    public async Task Onetime_reaches_the_card_company_with_code_0_and_reports_the_outcome_in_status(string card, string expected, string? reason)
    {
        var merchantUid = NewUid("onetime");
        var (status, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime", new
        {
            merchant_uid = merchantUid, amount = 9900, card_number = card, expiry = "2030-12", birth = "900101", pwd_2digit = "12",
            name = "월간 구독", buyer_name = "홍길동", notice_url = host.Url("/merchant/hooks"),
        });
        Assert.Equal(200, status);
        Assert.Equal(0, json["code"]!.GetValue<int>());
        var payment = json["response"]!;
        Assert.Equal(expected, payment["status"]!.GetValue<string>());
        Assert.Equal("api", payment["channel"]!.GetValue<string>());
        Assert.Equal("card", payment["pay_method"]!.GetValue<string>());
        if (reason is null)
        {
            var hook = await host.WaitForCallAsync(c => c.Body.Contains(merchantUid, StringComparison.Ordinal));
            Assert.Equal("paid", JsonNode.Parse(hook.Body)!["status"]!.GetValue<string>());
        }
        else
        {
            Assert.Contains(reason, payment["fail_reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(payment["failed_at"]!.GetValue<long>() > 0);
        }
    }

    [Fact]
    public async Task Onetime_with_a_card_that_fails_authentication_is_code_minus_1_without_a_payment()
    {
        var merchantUid = NewUid("onetime-auth");
        var (status, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = merchantUid, amount = 9900, card_number = TestCards.AuthFailure, expiry = "2030-12" });
        Assert.Equal(200, status);
        Assert.Equal(-1, json["code"]!.GetValue<int>());
        Assert.Null(json["response"]);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/find/{merchantUid}")).Status);

        var (expired, expiredJson) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = NewUid("onetime-exp"), amount = 9900, card_number = TestCards.Approved, expiry = "2020-01" });
        Assert.Equal(200, expired);
        Assert.Equal(-1, expiredJson["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_malformed_birth_date_or_pin_prefix_fails_authentication_and_leaves_no_key_and_no_payment()
    {
        var customerUid = NewUid("cust-birth");
        var (status, json) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{customerUid}",
            new { pg = "tosspayments", customer_id = "member-9", card_number = TestCards.Approved, expiry = "2030-12", birth = "901301" });
        var merchantUid = NewUid("onetime-pwd");
        var (onetime, onetimeJson) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime", new
        {
            merchant_uid = merchantUid, amount = 9900, card_number = TestCards.Approved, expiry = "2030-12", birth = "9001011234",
            pwd_2digit = "1", customer_uid = NewUid("cust-pwd"),
        });

        Assert.Equal((200, -1), (status, json["code"]!.GetValue<int>()));
        Assert.Contains("생년월일", json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}")).Status);
        Assert.Equal((200, -1), (onetime, onetimeJson["code"]!.GetValue<int>()));
        Assert.Contains("비밀번호 앞 2자리", onetimeJson["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/find/{merchantUid}")).Status);
    }

    [Fact]
    public async Task A_customer_uid_longer_than_the_schemas_80_characters_is_a_bad_request()
    {
        var tooLong = new string('k', 81);

        var (issue, _) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{tooLong}",
            new { pg = "tosspayments", customer_id = "member-9", card_number = TestCards.Approved, expiry = "2030-12" });
        var (onetime, _) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = NewUid("onetime-long"), amount = 9900, card_number = TestCards.Approved, expiry = "2030-12", customer_uid = tooLong });

        Assert.Equal((400, 400), (issue, onetime));
        Assert.Equal(200, (await IssueAsync(new string('k', 80), TestCards.Approved)).Status);
    }

    [Fact]
    public async Task Onetime_with_customer_uid_stores_a_key_that_again_charges()
    {
        var customerUid = NewUid("cust-onetime");
        var (_, first) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime", new
        {
            merchant_uid = NewUid("onetime-key"), amount = 9900, card_number = TestCards.Approved, expiry = "2030-12",
            customer_uid = customerUid, buyer_name = "홍길동",
        });
        Assert.Equal(customerUid, first["response"]!["customer_uid"]!.GetValue<string>());
        var (_, customer) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}");
        Assert.Equal("홍길동", customer["response"]!["customer_name"]!.GetValue<string>());

        var (status, again) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
            new { customer_uid = customerUid, merchant_uid = NewUid("again"), amount = 9900, name = "월간 구독" });
        Assert.Equal(200, status);
        Assert.Equal(0, again["code"]!.GetValue<int>());
        Assert.Equal("paid", again["response"]!["status"]!.GetValue<string>());
        Assert.Equal("payment", again["response"]!["customer_uid_usage"]!.GetValue<string>());
        Assert.Equal("홍길동", again["response"]!["buyer_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Again_declines_a_suspended_key_with_code_0_and_refuses_an_unknown_one_with_code_minus_1()
    {
        var customerUid = NewUid("cust-susp");
        await IssueAsync(customerUid, TestCards.Suspended);
        var (_, declined) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
            new { customer_uid = customerUid, merchant_uid = NewUid("again-susp"), amount = 9900, name = "월간 구독" });
        Assert.Equal(0, declined["code"]!.GetValue<int>());
        Assert.Equal("failed", declined["response"]!["status"]!.GetValue<string>());

        var (status, unknown) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
            new { customer_uid = NewUid("cust-none"), merchant_uid = NewUid("again-none"), amount = 9900, name = "월간 구독" });
        Assert.Equal(200, status);
        Assert.Equal(-1, unknown["code"]!.GetValue<int>());
        Assert.Null(unknown["response"]);

        var merchantUid = NewUid("again-dup");
        await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = merchantUid, amount = 9900, card_number = TestCards.Approved, expiry = "2030-12" });
        var (_, duplicate) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = merchantUid, amount = 9900, card_number = TestCards.Approved, expiry = "2030-12" });
        Assert.Equal(1, duplicate["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_customers_payments_are_the_charges_made_with_the_key_newest_first_in_pages()
    {
        var customerUid = NewUid("cust-pays");
        await IssueAsync(customerUid, TestCards.Approved);
        var first = NewUid("again-1");
        var second = NewUid("again-2");
        foreach (var merchantUid in new[] { first, second })
        {
            var (status, _) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
                new { customer_uid = customerUid, merchant_uid = merchantUid, amount = 9900, name = "월간 구독" });
            Assert.Equal(200, status);
        }

        var (listStatus, json) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/payments");

        Assert.Equal(200, listStatus);
        var page = json["response"]!;
        Assert.Equal((2, 0, 0), (page["total"]!.GetValue<int>(), page["previous"]!.GetValue<int>(), page["next"]!.GetValue<int>()));
        Assert.Equal([second, first], page["list"]!.AsArray().Select(p => p!["merchant_uid"]!.GetValue<string>()));
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/payments?page=2")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/payments?page=0")).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{NewUid("cust-none")}/payments")).Status);
    }

    [Fact]
    public async Task A_customer_with_a_key_and_no_charges_has_an_empty_first_page()
    {
        var customerUid = NewUid("cust-nopay");
        await IssueAsync(customerUid, TestCards.Approved);

        var (status, json) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/payments");

        Assert.Equal(200, status);
        Assert.Equal(0, json["response"]!["total"]!.GetValue<int>());
        Assert.Empty(json["response"]!["list"]!.AsArray());
    }

    [Fact]
    public async Task Racing_again_calls_for_one_merchant_uid_charge_it_once()
    {
        var customerUid = NewUid("cust-race");
        await IssueAsync(customerUid, TestCards.Approved);
        var merchantUid = NewUid("again-race");
        var token = await host.TokenAsync();

        var codes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/api/subscribe/payments/again")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { customer_uid = customerUid, merchant_uid = merchantUid, amount = 9900, name = "월간 구독" }),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await host.Http.SendAsync(request);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<int>();
        }));

        Assert.Equal(1, codes.Count(c => c == 0));
        Assert.Equal(9, codes.Count(c => c == 1));
        var (_, all) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/findAll/{merchantUid}");
        Assert.Equal(1, all["response"]!["total"]!.GetValue<int>());
    }
}
