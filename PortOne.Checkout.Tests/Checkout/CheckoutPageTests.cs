using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
using MudBlazor;
using MudBlazor.Extensions;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Tests.TestSupport;
using static PortOne.Checkout.Tests.Checkout.CheckoutPageDriver;

namespace PortOne.Checkout.Tests.Checkout;

public class CheckoutPageTests : ComponentTestBase
{
    [Fact]
    public void Total_is_computed_from_the_catalog_and_shown_in_won()
    {
        var page = this.RenderCheckout();

        Add(page, "SHOE-WAFFLE");

        Assert.Equal("109,000원", page.Find("[data-testid=total]").TextContent.Trim());
    }

    [Fact]
    public void Small_orders_pay_3000_won_shipping_and_orders_from_50000_won_ship_free()
    {
        var page = this.RenderCheckout();

        Add(page, "TEE-COTTON");

        Assert.Equal("3,000원", page.Find("[data-testid=shipping]").TextContent.Trim());
        Assert.Equal("32,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.Contains("50,000원 이상 주문 시 무료배송", page.Find("[data-testid=shipping-hint]").TextContent, StringComparison.Ordinal);

        Add(page, "TEE-COTTON");

        Assert.Equal("무료", page.Find("[data-testid=shipping]").TextContent.Trim());
        Assert.Equal("58,000원", page.Find("[data-testid=total]").TextContent.Trim());
    }

    [Fact]
    public void Consents_start_unticked_and_the_pay_button_waits_for_both()
    {
        var page = this.RenderCheckout();
        Add(page, "TEE-COTTON");
        FillBuyer(page);

        Assert.All(page.FindComponents<MudCheckBox<bool>>().Where(c => c.Instance.UserAttributes["data-testid"]!.ToString()!.StartsWith("consent-", StringComparison.Ordinal)),
            box => Assert.False(box.Instance.GetState(x => x.Value)));
        Assert.Contains("주문 내용을 확인하였으며 결제에 동의합니다", page.Markup, StringComparison.Ordinal);
        Assert.Contains("개인정보 수집·이용 및 제3자 제공", page.Markup, StringComparison.Ordinal);
        Assert.True(page.Find("button[data-testid=pay]").HasAttribute("disabled"));

        Tick(page, "consent-order");
        Assert.True(page.Find("button[data-testid=pay]").HasAttribute("disabled"));

        Tick(page, "consent-privacy");
        Assert.False(page.Find("button[data-testid=pay]").HasAttribute("disabled"));

        Tick(page, "consent-order", false);
        Assert.True(page.Find("button[data-testid=pay]").HasAttribute("disabled"));
    }

    [Fact]
    public void Paying_with_an_empty_buyer_form_shows_what_is_missing_and_opens_no_window()
    {
        var page = this.RenderCheckout();
        Add(page, "TEE-COTTON");
        Consent(page);

        page.Find("button[data-testid=pay]").Click();

        page.WaitForAssertion(() => Assert.Contains("구매자 정보를 확인하세요", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("이름을 입력하세요", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "requestPay");
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public void Malformed_phone_and_postcode_are_refused()
    {
        var page = this.RenderCheckout();
        Add(page, "TEE-COTTON");
        FillBuyer(page);
        Consent(page);
        page.Find("input[data-testid=buyer-tel]").Change("12345");
        page.Find("input[data-testid=buyer-postcode]").Change("4783");

        page.Find("button[data-testid=pay]").Click();

        page.WaitForAssertion(() => Assert.Contains("010-1234-5678", page.Markup, StringComparison.Ordinal));
        Assert.Contains("우편번호는 숫자 5자리입니다", page.Markup, StringComparison.Ordinal);
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public void Installment_picker_is_disabled_under_50000_won_and_says_why()
    {
        var page = this.RenderCheckout();
        Add(page, "TEE-COTTON");

        var picker = page.FindComponent<InstallmentPicker>();

        Assert.True(picker.FindComponent<MudSelect<int>>().Instance.Disabled);
        Assert.Contains("50,000원 이상", picker.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Installment_picker_is_enabled_from_50000_won_paid_shipping_included()
    {
        var page = this.RenderCheckout();
        Add(page, "MUG-CELADON", 3);
        Assert.Equal("39,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.True(page.FindComponent<InstallmentPicker>().FindComponent<MudSelect<int>>().Instance.Disabled);

        Add(page, "MUG-CELADON");

        Assert.Equal("51,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.False(page.FindComponent<InstallmentPicker>().FindComponent<MudSelect<int>>().Instance.Disabled);
    }

    [Fact]
    public void Removing_items_below_50000_won_resets_the_months_to_lump_sum()
    {
        var page = this.RenderCheckout();
        Add(page, "BAG-CANVAS");
        PickMonths(page, 6);

        Press(page, "less-BAG-CANVAS");
        Add(page, "TEE-COTTON");

        Assert.Equal(0, page.FindComponent<InstallmentPicker>().Instance.Months);
    }

    [Fact]
    public void Pay_hands_the_server_built_parameters_to_iamport()
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        var page = this.RenderCheckout();
        Add(page, "SHOE-WAFFLE");
        Add(page, "BOOK-HANGUL");
        FillBuyer(page);
        PickMonths(page, 3);
        PickSelect(page, "card-company", "366");
        Consent(page);

        page.Find("button[data-testid=pay]").Click();

        page.WaitForState(() => module.Invocations.Any(i => i.Identifier == "requestPay"));
        var call = module.Invocations.Single(i => i.Identifier == "requestPay");
        Assert.Equal("/sandbox/v1/iamport.js", call.Arguments[0]);
        Assert.Equal("imp00000000", call.Arguments[1]);
        var parameters = Assert.IsType<JsonObject>(call.Arguments[2]);
        var merchantUid = parameters["merchant_uid"]!.GetValue<string>();
        Assert.Equal(127_000, PortOne.Prepared[merchantUid]);
        Assert.Equal("tosspayments", parameters["pg"]!.GetValue<string>());
        Assert.Equal("card", parameters["pay_method"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.Number, parameters["amount"]!.GetValueKind());
        Assert.Equal(127_000, parameters["amount"]!.GetValue<long>());
        Assert.Equal(18_000, parameters["tax_free"]!.GetValue<long>());
        Assert.Equal("KRW", parameters["currency"]!.GetValue<string>());
        Assert.Equal("홍길동", parameters["buyer_name"]!.GetValue<string>());
        Assert.Equal("hong@example.com", parameters["buyer_email"]!.GetValue<string>());
        Assert.Equal("010-1234-5678", parameters["buyer_tel"]!.GetValue<string>());
        Assert.Equal("04783", parameters["buyer_postcode"]!.GetValue<string>());
        Assert.StartsWith(PublicBaseUrl + "payments/result?key=", parameters["m_redirect_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(PublicBaseUrl + "api/v1/payments/notice", parameters["notice_url"]!.GetValue<string>());
        Assert.Equal(PublicBaseUrl + "api/v1/payments/confirm", parameters["confirm_url"]!.GetValue<string>());
        Assert.Equal("[3]", parameters["display"]!["card_quota"]!.ToJsonString());
        Assert.Equal("""{"direct":{"code":"366","quota":3}}""", parameters["card"]!.ToJsonString());
        Assert.Equal(("ko", "ko"), (parameters["language"]!.GetValue<string>(), parameters["locale"]!.GetValue<string>()));
        Assert.Equal(merchantUid, parameters["custom_data"]!["order_ref"]!.GetValue<string>());
        Assert.Null(parameters["bypass"]);
        Assert.Null(parameters["escrow"]);
        Assert.Null(parameters["appCard"]);
        Assert.True(merchantUid.Length <= 40);
    }

    [Fact]
    public void A_paid_callback_is_confirmed_with_portone_and_leads_to_the_order_page()
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = this.RenderCheckout();
        Add(page, "TEE-COTTON");
        FillBuyer(page);
        Consent(page);

        page.Find("button[data-testid=pay]").Click();

        page.WaitForAssertion(() => Assert.Contains("/orders/ord-", navigation.Uri, StringComparison.Ordinal));
        Assert.Contains("GET /sandbox/api/payments/imp_000000000001", PortOne.Requests);
    }

    [Fact]
    public void A_closed_window_leaves_a_message_and_the_cart()
    {
        PortOne.PaymentStatus = "failed";
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true)
            .SetResult(new PayResponse("imp_000000000002", null, "PAY_PROCESS_CANCELED", "사용자가 결제를 취소했습니다"));
        var page = this.RenderCheckout();
        Add(page, "TEE-COTTON");
        FillBuyer(page);
        Consent(page);

        page.Find("button[data-testid=pay]").Click();

        page.WaitForAssertion(() => Assert.Contains("사용자가 결제를 취소했습니다", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("다른 결제 수단을 선택하세요", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("32,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.False(page.Find("button[data-testid=pay]").HasAttribute("disabled"));
    }
}
