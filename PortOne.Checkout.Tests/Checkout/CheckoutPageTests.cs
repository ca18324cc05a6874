using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
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

        Add(page, "나이키 와플 트레이너 2 SD");

        Assert.Equal("109,000원", page.Find("[data-testid=total]").TextContent.Trim());
    }

    [Fact]
    public void Small_orders_pay_3000_won_shipping_and_orders_from_50000_won_ship_free()
    {
        var page = this.RenderCheckout();

        Add(page, "오가닉 코튼 반팔 티셔츠");

        Assert.Equal("3,000원", page.Find("[data-testid=shipping]").TextContent.Trim());
        Assert.Equal("32,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.Contains("50,000원 이상 주문 시 무료배송", page.Find("[data-testid=shipping-hint]").TextContent, StringComparison.Ordinal);

        Add(page, "오가닉 코튼 반팔 티셔츠");

        Assert.Equal("무료", page.Find("[data-testid=shipping]").TextContent.Trim());
        Assert.Equal("58,000원", page.Find("[data-testid=total]").TextContent.Trim());
    }

    [Fact]
    public void Consents_start_unticked_and_the_pay_button_waits_for_both()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);

        Assert.False(Choice(page, "주문 내용을 확인하였으며 결제에 동의합니다 (필수)").HasAttribute("checked"));
        Assert.False(Choice(page, "개인정보 수집·이용 및 제3자 제공에 동의합니다 (필수)").HasAttribute("checked"));
        Assert.True(PayButton(page).HasAttribute("disabled"));

        Tick(page, "주문 내용을 확인하였으며 결제에 동의합니다 (필수)");
        Assert.True(PayButton(page).HasAttribute("disabled"));

        Tick(page, "개인정보 수집·이용 및 제3자 제공에 동의합니다 (필수)");
        Assert.False(PayButton(page).HasAttribute("disabled"));

        Tick(page, "주문 내용을 확인하였으며 결제에 동의합니다 (필수)", false);
        Assert.True(PayButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public void Paying_with_an_empty_buyer_form_shows_what_is_missing_and_opens_no_window()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        Consent(page);

        PayButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("구매자 정보를 확인하세요", page.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Equal("true", Field(page, "이름").GetAttribute("aria-invalid"));
        Assert.Contains("이름을 입력하세요", ProblemWith(page, "이름"), StringComparison.Ordinal);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "requestPay");
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public void Malformed_phone_and_postcode_are_refused()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);
        Consent(page);
        Set(Field(page, "휴대폰 번호"), "12345");
        Set(Field(page, "우편번호"), "4783");

        PayButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("구매자 정보를 확인하세요", page.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Contains("010-1234-5678", ProblemWith(page, "휴대폰 번호"), StringComparison.Ordinal);
        Assert.Contains("우편번호는 숫자 5자리입니다", ProblemWith(page, "우편번호"), StringComparison.Ordinal);
        Assert.Null(Field(page, "이름").GetAttribute("aria-invalid"));
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public void Control_characters_in_the_name_email_or_address_are_refused_with_a_message_and_open_no_window()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);
        Consent(page);
        Set(Field(page, "이름"), "홍\0길동");
        Set(Field(page, "이메일"), "hong@example.com\u0007");
        Set(Field(page, "주소"), "서울 성동구\n성수이로 20길 16");

        PayButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("구매자 정보를 확인하세요", page.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        foreach (var label in new[] { "이름", "이메일", "주소" })
        {
            Assert.Equal("true", Field(page, label).GetAttribute("aria-invalid"));
            Assert.Contains("줄바꿈이나 제어 문자처럼 보이지 않는 문자는 쓸 수 없습니다", ProblemWith(page, label), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "requestPay");
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public void A_field_left_wrong_says_so_at_once_and_stops_once_fixed()
    {
        var page = this.RenderCheckout();

        Set(Field(page, "이메일"), "hong-at-example");

        Assert.Contains("이메일", ProblemWith(page, "이메일"), StringComparison.Ordinal);
        Set(Field(page, "이메일"), "hong@example.com");
        Assert.Null(Field(page, "이메일").GetAttribute("aria-describedby"));
        Assert.Empty(page.FindAll(".field-error"));
    }

    /// <summary>What the page says is wrong with a field: the text its aria-describedby points to, as a screen reader reads it.</summary>
    private static string ProblemWith(IRenderedComponent<CheckoutForm> page, string label) =>
        page.Find("#" + Field(page, label).GetAttribute("aria-describedby")).TextContent;

    [Fact]
    public void Installment_picker_is_disabled_under_50000_won_and_says_why()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");

        var months = Field(page, "할부");

        Assert.True(months.HasAttribute("disabled"));
        Assert.Contains("50,000원 이상", page.Find("#" + months.GetAttribute("aria-describedby")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Installment_picker_is_enabled_from_50000_won_paid_shipping_included()
    {
        var page = this.RenderCheckout();
        Add(page, "청자 머그컵", 3);
        Assert.Equal("39,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.True(Field(page, "할부").HasAttribute("disabled"));

        Add(page, "청자 머그컵");

        Assert.Equal("51,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.False(Field(page, "할부").HasAttribute("disabled"));
    }

    [Fact]
    public void Removing_items_below_50000_won_resets_the_months_to_lump_sum()
    {
        var page = this.RenderCheckout();
        Add(page, "캔버스 토트백");
        PickOption(page, "할부", "6개월");

        Remove(page, "캔버스 토트백");
        Add(page, "오가닉 코튼 반팔 티셔츠");

        Assert.Equal("일시불", Chosen(page, "할부"));
    }

    [Fact]
    public void Pay_hands_the_server_built_parameters_to_iamport()
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        Add(page, "한글의 탄생 (도서)");
        FillBuyer(page);
        PickOption(page, "할부", "3개월");
        PickOption(page, "카드사", "신한카드");
        Consent(page);

        PayButton(page).Click();

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
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);
        Consent(page);

        PayButton(page).Click();

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
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);
        Consent(page);

        PayButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("사용자가 결제를 취소했습니다", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("다른 결제 수단을 선택하세요", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("32,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.False(PayButton(page).HasAttribute("disabled"));
    }
}
