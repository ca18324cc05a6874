using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
using MudBlazor;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Checkout;

public class CheckoutPageTests : ComponentTestBase
{
    private const string Module = "./Features/Checkout/CheckoutPage.razor.js";

    private IRenderedComponent<CheckoutPage> RenderPage()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<CheckoutPage>(1);
            builder.CloseComponent();
        });
        var page = host.FindComponent<CheckoutPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid^=more-]")));
        return page;
    }

    private static void Add(IRenderedComponent<CheckoutPage> page, string sku, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            page.Find($"button[data-testid=more-{sku}]").Click();
        }
    }

    private static void FillBuyer(IRenderedComponent<CheckoutPage> page)
    {
        page.Find("input[data-testid=buyer-name]").Change("홍길동");
        page.Find("input[data-testid=buyer-email]").Change("hong@example.com");
        page.Find("input[data-testid=buyer-tel]").Change("010-1234-5678");
        page.Find("input[data-testid=buyer-addr]").Change("서울 성동구 성수이로 20길 16");
        page.Find("input[data-testid=buyer-postcode]").Change("04783");
    }


    [Fact]
    public void Total_is_computed_from_the_catalog_and_shown_in_won()
    {
        var page = RenderPage();

        Add(page, "SHOE-WAFFLE");

        Assert.Equal("109,000원", page.Find("[data-testid=total]").TextContent.Trim());
    }

    [Fact]
    public void Paying_with_an_empty_buyer_form_shows_what_is_missing_and_opens_no_window()
    {
        var page = RenderPage();
        Add(page, "TEE-COTTON");

        page.Find("button[data-testid=pay]").Click();

        page.WaitForAssertion(() => Assert.Contains("구매자 정보를 확인하세요", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("이름을 입력하세요", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "requestPay");
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public void Malformed_phone_and_postcode_are_refused()
    {
        var page = RenderPage();
        Add(page, "TEE-COTTON");
        FillBuyer(page);
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
        var page = RenderPage();
        Add(page, "TEE-COTTON");

        var picker = page.FindComponent<InstallmentPicker>();

        Assert.True(picker.FindComponent<MudSelect<int>>().Instance.Disabled);
        Assert.Contains("50,000원 이상", picker.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Installment_picker_is_enabled_from_50000_won()
    {
        var page = RenderPage();
        Add(page, "MUG-CELADON", 4);
        Assert.True(page.FindComponent<InstallmentPicker>().FindComponent<MudSelect<int>>().Instance.Disabled);

        Add(page, "MUG-CELADON");

        Assert.Equal("60,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.False(page.FindComponent<InstallmentPicker>().FindComponent<MudSelect<int>>().Instance.Disabled);
    }

    [Fact]
    public void Removing_items_below_50000_won_resets_the_months_to_lump_sum()
    {
        var page = RenderPage();
        Add(page, "BAG-CANVAS");
        var picker = page.FindComponent<InstallmentPicker>();
        page.InvokeAsync(() => picker.Instance.MonthsChanged.InvokeAsync(6));

        page.Find("button[data-testid=less-BAG-CANVAS]").Click();
        Add(page, "TEE-COTTON");

        Assert.Equal(0, page.FindComponent<InstallmentPicker>().Instance.Months);
    }

    [Fact]
    public void Pay_hands_the_server_built_parameters_to_iamport()
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        var page = RenderPage();
        Add(page, "SHOE-WAFFLE");
        Add(page, "BOOK-HANGUL");
        FillBuyer(page);
        var picker = page.FindComponent<InstallmentPicker>();
        page.InvokeAsync(() => picker.Instance.MonthsChanged.InvokeAsync(3));
        page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync("366"));

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
        Assert.True(merchantUid.Length <= 40);
    }

    [Fact]
    public void A_paid_callback_is_confirmed_with_portone_and_leads_to_the_order_page()
    {
        var module = JSInterop.SetupModule(Module);
        module.Setup<PayResponse>("requestPay", _ => true).SetResult(new PayResponse("imp_000000000001", null, null, null));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var page = RenderPage();
        Add(page, "TEE-COTTON");
        FillBuyer(page);

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
        var page = RenderPage();
        Add(page, "TEE-COTTON");
        FillBuyer(page);

        page.Find("button[data-testid=pay]").Click();

        page.WaitForAssertion(() => Assert.Contains("사용자가 결제를 취소했습니다", page.Find("[data-testid=pay-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("29,000원", page.Find("[data-testid=total]").TextContent.Trim());
        Assert.False(page.Find("button[data-testid=pay]").HasAttribute("disabled"));
    }
}
