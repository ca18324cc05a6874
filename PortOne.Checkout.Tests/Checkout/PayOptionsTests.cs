using System.Globalization;
using System.Text.Json.Nodes;
using Bunit;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Tests.TestSupport;
using static PortOne.Checkout.Tests.Checkout.CheckoutPageDriver;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>Each option a shopper can pick, and the exact request_pay parameters it becomes.</summary>
public class PayOptionsTests : ComponentTestBase
{
    /// <summary>Presses pay with the window answering "paid" and returns what iamport.js was handed.</summary>
    private JsonObject Pay(IRenderedComponent<CheckoutForm> page)
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        FillBuyer(page);
        Consent(page);
        PayButton(page).Click();
        page.WaitForState(() => module.Invocations.Any(i => i.Identifier == "requestPay"));
        return Assert.IsType<JsonObject>(module.Invocations.Single(i => i.Identifier == "requestPay").Arguments[2]);
    }

    [Fact]
    public void Every_toss_method_is_offered_in_four_groups_by_default()
    {
        var page = this.RenderCheckout();

        var radios = page.FindAll("input[type=radio]");
        Assert.Equal(["card", "trans", "vbank", "kakaopay", "naverpay", "tosspay", "payco", "samsungpay", "applepay", "ssgpay", "lpay",
                      "phone", "cultureland", "smartculture", "booknlife"], radios.Select(r => r.GetAttribute("value")));
        // One group, so arrow keys move between them; the card is chosen to start with.
        Assert.All(radios, r => Assert.Equal("pay-method", r.GetAttribute("name")));
        Assert.Equal(["card"], radios.Where(r => r.HasAttribute("checked")).Select(r => r.GetAttribute("value")));
        Assert.Equal(["카드", "계좌", "간편결제", "휴대폰 · 상품권"], page.FindAll("fieldset.pay-method-group legend").Select(l => l.TextContent.Trim()));
        Assert.Contains("카카오페이", page.Find("fieldset[data-testid=pay-group-EasyPay]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Picking_a_method_checks_its_radio_alone_and_shows_its_options()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");

        PickMethod(page, "가상계좌");

        Assert.Equal(["가상계좌"], page.FindAll("label.choice").Where(l => l.QuerySelector("input[type=radio]")?.HasAttribute("checked") == true)
            .Select(l => l.TextContent.Trim()));
        Assert.Equal("결제창에서 선택", Chosen(page, "현금영수증"));
        Assert.Empty(page.FindAll("[data-testid=card-options]"));
    }

    [Fact]
    public void App_card_only_and_card_points_are_sent_with_a_card_payment()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        Tick(page, "앱카드로만 결제");
        Tick(page, "카드 포인트 사용");

        var parameters = Pay(page);

        Assert.Equal("card", parameters["pay_method"]!.GetValue<string>());
        Assert.True(parameters["appCard"]!.GetValue<bool>());
        Assert.True(parameters["useCardPoint"]!.GetValue<bool>());
        Assert.Equal("[]", parameters["display"]!["card_quota"]!.ToJsonString());
    }

    [Fact]
    public void Months_without_a_card_company_hide_the_lump_sum_and_the_page_says_what_the_window_offers()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        PickOption(page, "할부", "3개월");

        var note = page.Find("[data-testid=installment-note]").TextContent.Trim();
        var parameters = Pay(page);

        Assert.Equal("결제창에서 2~3개월 할부 중에 고릅니다. 일시불은 표시되지 않습니다.", note);
        Assert.Equal("""{"card_quota":[3],"only_installment":true}""", parameters["display"]!.ToJsonString());
        Assert.Null(parameters["card"]);
    }

    [Fact]
    public void App_card_only_is_unticked_and_greyed_out_for_a_card_company_without_an_app_card()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        Tick(page, "앱카드로만 결제");

        PickOption(page, "카드사", "BC카드");

        var appCardOnly = Choice(page, "앱카드로만 결제");
        Assert.True(appCardOnly.HasAttribute("disabled"));
        Assert.False(((AngleSharp.Html.Dom.IHtmlInputElement)appCardOnly).IsChecked);
        PickOption(page, "카드사", "신한카드");
        Assert.False(Choice(page, "앱카드로만 결제").HasAttribute("disabled"));

        // Last: paying greys every option while the window opens.
        PickOption(page, "카드사", "BC카드");
        Assert.Null(Pay(page)["appCard"]);
    }

    [Fact]
    public void Months_with_a_card_company_are_fixed_in_the_window_and_the_page_says_so_in_english()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var page = this.RenderCheckout();
        Add(page, "Nike Waffle Trainer 2 SD");
        PickOption(page, "Card company", "Shinhan Card");
        PickOption(page, "Installments", "6 months");

        var note = page.Find("[data-testid=installment-note]").TextContent.Trim();
        var parameters = Pay(page);

        Assert.Equal("The payment window will charge 6 monthly installments.", note);
        Assert.Equal("""{"direct":{"code":"366","quota":6}}""", parameters["card"]!.ToJsonString());
        Assert.Null(parameters["display"]!["only_installment"]);
    }

    [Fact]
    public void A_lump_sum_sends_no_months_and_needs_no_note()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");

        Assert.Empty(page.FindAll("[data-testid=installment-note]"));
        Assert.Equal("""{"card_quota":[]}""", Pay(page)["display"]!.ToJsonString());
    }

    [Fact]
    public void An_international_card_opens_the_english_window_without_company_or_months()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        PickOption(page, "카드사", "신한카드");
        Tick(page, "해외 발행 카드로 결제 (Visa, Mastercard, UnionPay · 영문 결제창)");

        Assert.DoesNotContain(page.FindAll("label[for]"), l => l.TextContent.Trim() is "할부" or "카드사");
        Assert.Contains("3-D", page.Find("[data-testid=international-note]").TextContent, StringComparison.Ordinal);
        var parameters = Pay(page);

        Assert.Equal("""{"tosspayments":{"useInternationalCardOnly":true}}""", parameters["bypass"]!.ToJsonString());
        Assert.Null(parameters["card"]);
        Assert.Null(parameters["display"]);
        Assert.Equal("KRW", parameters["currency"]!.GetValue<string>());
    }

    [Fact]
    public void A_bank_transfer_sends_the_cash_receipt_type_flat_under_bypass()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        PickMethod(page, "계좌이체");
        PickOption(page, "현금영수증", "지출증빙용");

        var parameters = Pay(page);

        Assert.Equal("trans", parameters["pay_method"]!.GetValue<string>());
        Assert.Equal("""{"cashReceiptType":"corporate"}""", parameters["bypass"]!.ToJsonString());
        Assert.Null(parameters["display"]);
        Assert.Equal(32_000, parameters["amount"]!.GetValue<long>());
    }

    [Fact]
    public void Books_alone_paid_by_transfer_are_a_cultural_expense()
    {
        var page = this.RenderCheckout();
        Add(page, "한글의 탄생 (도서)");
        PickMethod(page, "계좌이체");
        PickOption(page, "현금영수증", "소득공제용");

        Assert.Contains("문화비 소득공제", page.Find("[data-testid=cultural-expense]").TextContent, StringComparison.Ordinal);
        var parameters = Pay(page);

        Assert.Equal("""{"cashReceiptType":"personal","isCulturalExpense":true}""", parameters["bypass"]!.ToJsonString());
        Assert.Equal(18_000, parameters["tax_free"]!.GetValue<long>());
    }

    [Fact]
    public void A_mixed_cart_is_no_cultural_expense()
    {
        var page = this.RenderCheckout();
        Add(page, "한글의 탄생 (도서)");
        Add(page, "청자 머그컵");
        PickMethod(page, "계좌이체");

        Assert.Empty(page.FindAll("[data-testid=cultural-expense]"));
        Assert.Null(Pay(page)["bypass"]);
    }

    [Fact]
    public void A_virtual_account_closes_at_the_end_of_the_third_korean_day()
    {
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        PickMethod(page, "가상계좌");
        PickOption(page, "현금영수증", "미발행 (자진발급)");

        Assert.Contains("3일", page.Find("[data-testid=vbank-note]").TextContent, StringComparison.Ordinal);
        var parameters = Pay(page);

        // The clock reads 00:30 on 2 December in Seoul (still 1 December in UTC).
        Assert.Equal("20261205235959", parameters["vbank_due"]!.GetValue<string>());
        Assert.Equal("""{"cashReceiptType":"anonymous"}""", parameters["bypass"]!.ToJsonString());
    }

    [Fact]
    public void An_easy_pay_method_sends_only_its_code()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        PickMethod(page, "카카오페이");

        Assert.Empty(page.FindAll("[data-testid=card-options]"));
        Assert.Empty(page.FindAll("[data-testid=cash-options]"));
        var parameters = Pay(page);

        Assert.Equal("kakaopay", parameters["pay_method"]!.GetValue<string>());
        Assert.Null(parameters["display"]);
        Assert.Null(parameters["card"]);
        Assert.Null(parameters["bypass"]);
        Assert.Null(parameters["vbank_due"]);
        Assert.Null(parameters["digital"]);
    }

    [Fact]
    public void A_phone_payment_tells_PortOne_the_goods_are_not_digital()
    {
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        PickMethod(page, "휴대폰");

        var parameters = Pay(page);

        Assert.Equal(("phone", false), (parameters["pay_method"]!.GetValue<string>(), parameters["digital"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_pay_button_cannot_be_pressed_twice()
    {
        var module = JSInterop.SetupModule(Module);
        var opened = new TaskCompletionSource();
        var window = module.Setup<PayResponse>("requestPay", _ => opened.TrySetResult() || true);
        var page = this.RenderCheckout();
        Add(page, "오가닉 코튼 반팔 티셔츠");
        FillBuyer(page);
        Consent(page);

        PayButton(page).Click();
        page.WaitForAssertion(() => Assert.True(PayButton(page).HasAttribute("disabled")));
        // The order is stored first (at once on SQLite, a round trip later on PostgreSQL), then the window
        // opens; no render follows the call, so it is waited for as a call.
        await opened.Task.WaitAsync(DefaultWaitTimeout);
        Assert.Contains("결제창에서 결제를 진행하세요", page.Find("[data-testid=pay-progress]").TextContent, StringComparison.Ordinal);
        PayButton(page).Click();

        Assert.Single(module.Invocations, i => i.Identifier == "requestPay");
        Assert.Single(PortOne.Prepared);
        window.SetResult(new PayResponse("imp_000000000001", null, null, null));
    }

    [Fact]
    public void In_english_amounts_read_in_won_with_the_sign_and_the_window_is_asked_for_english()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var page = this.RenderCheckout();
        Add(page, "Organic cotton T-shirt");

        Assert.Equal("₩32,000", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.Contains("Organic cotton T-shirt", page.Markup, StringComparison.Ordinal);
        Assert.Contains("I have checked the order above and agree to pay", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Pay ₩32,000", PayButton(page).TextContent, StringComparison.Ordinal);
        var parameters = Pay(page);

        Assert.Equal(("en", "en"), (parameters["language"]!.GetValue<string>(), parameters["locale"]!.GetValue<string>()));
    }
}

/// <summary>Merchant settings: the offered methods and escrow come from configuration.</summary>
public class MerchantSettingsTests : ComponentTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Checkout:PayMethods:0"] = "kakaopay",
        ["Checkout:PayMethods:1"] = "card",
        ["Checkout:Escrow"] = "true",
    };

    [Fact]
    public void Only_the_configured_methods_are_offered_the_first_preselected()
    {
        var page = Render<CheckoutForm>();

        // Both are set once the catalog has been read, which on PostgreSQL is a render after the first.
        page.WaitForAssertion(() =>
        {
            Assert.Equal(["신용·체크카드", "카카오페이"],
                page.FindAll("label.choice").Where(l => l.QuerySelector("input[type=radio]") is not null).Select(l => l.TextContent.Trim()));
            Assert.Equal("kakaopay", page.Find("input[type=radio][checked]").GetAttribute("value"));
        });
    }

    [Fact]
    public void Escrow_sends_the_flag_and_every_product()
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        var page = this.RenderCheckout();
        Add(page, "나이키 와플 트레이너 2 SD");
        Add(page, "청자 머그컵", 2);
        FillBuyer(page);
        Consent(page);

        PayButton(page).Click();

        page.WaitForState(() => module.Invocations.Any(i => i.Identifier == "requestPay"));
        var parameters = Assert.IsType<JsonObject>(module.Invocations.Single(i => i.Identifier == "requestPay").Arguments[2]);
        Assert.True(parameters["escrow"]!.GetValue<bool>());
        Assert.Equal("""[{"id":"SHOE-WAFFLE","name":"나이키 와플 트레이너 2 SD","code":"SHOE-WAFFLE","unitPrice":109000,"quantity":1},"""
            + """{"id":"MUG-CELADON","name":"청자 머그컵","code":"MUG-CELADON","unitPrice":12000,"quantity":2}]""",
            parameters["products"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
