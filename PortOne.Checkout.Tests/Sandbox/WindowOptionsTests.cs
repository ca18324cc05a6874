using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class WindowOptionsTests(SandboxHost host)
{
    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private Task<string> PageAsync(string impUid) => host.Http.GetStringAsync($"/sandbox/window/{impUid}");

    [Fact]
    public async Task Billing_window_issues_a_key_without_charging_and_the_key_charges_later()
    {
        var customerUid = NewUid("win-cust");
        var impUid = await host.OpenWindowAsync(NewUid("win-billing"), 0m, extra: p => { p["customer_uid"] = customerUid; p["customer_id"] = "member-9"; });
        var page = await PageAsync(impUid);
        Assert.Contains("data-testid=\"billing-key\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"card-quota\"", page, StringComparison.Ordinal);

        var (status, _) = await host.ActAsync(impUid, "approve", new { card_code = "381" });
        Assert.Equal(200, status);
        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("issue", payment["customer_uid_usage"]!.GetValue<string>());
        Assert.Equal(customerUid, payment["customer_uid"]!.GetValue<string>());
        Assert.Equal(0, payment["amount"]!.GetValue<decimal>());
        Assert.Equal("paid", payment["status"]!.GetValue<string>());

        var (_, customer) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}");
        Assert.Equal("member-9", customer["response"]!["customer_id"]!.GetValue<string>());
        Assert.Equal("381", customer["response"]!["card_code"]!.GetValue<string>());
        var (_, again) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
            new { customer_uid = customerUid, merchant_uid = NewUid("win-again"), amount = 9900, name = "월간 구독" });
        Assert.Equal("paid", again["response"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Billing_window_refuses_a_charge_or_another_method()
    {
        Assert.Equal(400, (await host.RequestWindowAsync(NewUid("win-billing-amt"), 1000m, extra: p => p["customer_uid"] = "c-1")).Status);
        Assert.Equal(400, (await host.RequestWindowAsync(NewUid("win-billing-pm"), 0m,
            extra: p => { p["customer_uid"] = "c-1"; p["pay_method"] = "trans"; })).Status);
    }

    [Theory]
    [InlineData("limit", "REJECT_CARD_PAYMENT")]
    [InlineData("suspended", "INVALID_STOPPED_CARD")]
    [InlineData("auth", "INVALID_CARD_NUMBER")]
    public async Task Test_card_scenarios_fail_the_window_payment_with_their_error(string scenario, string errorCode)
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-test-card"), 5000m);
        Assert.Contains("data-testid=\"test-card\"", await PageAsync(impUid), StringComparison.Ordinal);
        var (status, result) = await host.ActAsync(impUid, "approve", new { card_code = "366", test_card = scenario });
        Assert.Equal(200, status);
        Assert.Equal(errorCode, result["error_code"]!.GetValue<string>());
        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("failed", payment["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_installment_hides_the_lump_sum_and_refuses_it()
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-only-inst"), 109000m, extra: p =>
            p["display"] = new JsonObject { ["card_quota"] = new JsonArray(3), ["only_installment"] = true });
        var page = await PageAsync(impUid);
        Assert.DoesNotContain("일시불", page, StringComparison.Ordinal);
        Assert.Equal(400, (await host.ActAsync(impUid, "approve", new { card_code = "366", card_quota = 0 })).Status);
        Assert.Equal(200, (await host.ActAsync(impUid, "approve", new { card_code = "366", card_quota = 3 })).Status);
    }

    [Fact]
    public async Task App_card_window_lists_only_app_card_issuers_and_shows_the_card_point_toggle()
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-appcard"), 5000m, extra: p => { p["appCard"] = true; p["useCardPoint"] = true; });
        var page = await PageAsync(impUid);
        Assert.Contains("data-testid=\"app-card\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"card-point\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("씨티카드", page, StringComparison.Ordinal);
        Assert.Equal(400, (await host.ActAsync(impUid, "approve", new { card_code = "370" })).Status);
        Assert.Equal(200, (await host.ActAsync(impUid, "approve", new { card_code = "365" })).Status);
    }

    [Fact]
    public async Task International_window_is_in_English_and_takes_only_foreign_brands()
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-intl"), 109000m, extra: p =>
            p["bypass"] = new JsonObject { ["tosspayments"] = new JsonObject { ["useInternationalCardOnly"] = true } });
        var page = await PageAsync(impUid);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("109,000 KRW", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"UNI\">UNIONPAY</option>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("결제하기", page, StringComparison.Ordinal);
        Assert.DoesNotContain("신한카드", page, StringComparison.Ordinal);

        Assert.Equal(400, (await host.ActAsync(impUid, "approve", new { card_code = "366" })).Status);
        Assert.Equal(200, (await host.ActAsync(impUid, "approve", new { card_code = "MAS" })).Status);
        Assert.Equal("MAS", (await host.PaymentAsync(impUid))["card_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Escrow_is_shown_and_recorded()
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-escrow"), 5000m, extra: p => p["escrow"] = true);
        Assert.Contains("data-testid=\"escrow\"", await PageAsync(impUid), StringComparison.Ordinal);
        await host.ActAsync(impUid, "approve");
        Assert.True((await host.PaymentAsync(impUid))["escrow"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Transfer_preselects_the_cash_receipt_type_and_shows_the_cultural_expense_flag()
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-trans"), 32000m, extra: p =>
        {
            p["pay_method"] = "trans";
            p["bypass"] = new JsonObject { ["cashReceiptType"] = "personal", ["isCulturalExpense"] = true };
        });
        var page = await PageAsync(impUid);
        Assert.Contains("data-testid=\"cash-receipt-type\" disabled", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"personal\" selected>", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"cultural-expense\"", page, StringComparison.Ordinal);
        await host.ActAsync(impUid, "approve", new { cash_receipt_type = "anonymous" }); // the preset wins
        Assert.True((await host.PaymentAsync(impUid))["cash_receipt_issued"]!.GetValue<bool>());

        var chooser = await host.OpenWindowAsync(NewUid("win-vbank-cash"), 32000m, extra: p => p["pay_method"] = "vbank");
        var chooserPage = await PageAsync(chooser);
        Assert.Contains("data-testid=\"cash-receipt-type\">", chooserPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"cultural-expense\"", chooserPage, StringComparison.Ordinal);
        Assert.Equal(400, (await host.RequestWindowAsync(NewUid("win-cash-bad"), 1000m, extra: p =>
        {
            p["pay_method"] = "trans";
            p["bypass"] = new JsonObject { ["cashReceiptType"] = "company" };
        })).Status);
    }

    [Fact]
    public async Task Vbank_due_formats_set_the_deadline_in_Korean_time()
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-due"), 45000m, extra: p => { p["pay_method"] = "vbank"; p["vbank_due"] = "20260310"; });
        await host.ActAsync(impUid, "approve", new { vbank_code = "088" });
        var expected = new DateTimeOffset(2026, 3, 10, 23, 59, 59, TimeSpan.FromHours(9)).ToUnixTimeSeconds();
        Assert.Equal(expected, (await host.PaymentAsync(impUid))["vbank_date"]!.GetValue<long>());

        var timed = await host.OpenWindowAsync(NewUid("win-due-t"), 45000m, extra: p => { p["pay_method"] = "vbank"; p["vbank_due"] = "2026-03-10 18:30:00"; });
        await host.ActAsync(timed, "approve", new { vbank_code = "088" });
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 18, 30, 0, TimeSpan.FromHours(9)).ToUnixTimeSeconds(),
            (await host.PaymentAsync(timed))["vbank_date"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("kakaopay", "kakaopay")]
    [InlineData("samsung", "samsungpay")]
    [InlineData("phone", null)]
    [InlineData("cultureland", null)]
    public async Task Every_guide_method_opens_and_easy_pays_report_their_brand(string payMethod, string? embPgProvider)
    {
        var impUid = await host.OpenWindowAsync(NewUid("win-method"), 5000m, extra: p =>
        {
            p["pay_method"] = payMethod;
            if (payMethod == "phone")
            {
                p["digital"] = false;
            }
        });
        Assert.Equal(200, (await host.ActAsync(impUid, "approve")).Status);
        var payment = await host.PaymentAsync(impUid);
        Assert.Equal("paid", payment["status"]!.GetValue<string>());
        Assert.Equal(embPgProvider, payment["emb_pg_provider"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_phone_payment_without_the_digital_flag_is_refused_as_PortOne_requires_it()
    {
        var (status, result) = await host.RequestWindowAsync(NewUid("win-phone"), 5000m, extra: p => p["pay_method"] = "phone");

        Assert.Equal(400, status);
        Assert.Equal("휴대폰 결제에는 digital(true/false)이 필수입니다.", result["error_msg"]!.GetValue<string>());
    }
}
