using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>The server's rules, whatever the browser sends.</summary>
public class CheckoutServiceTests : ComponentTestBase
{
    private async Task<IReadOnlyList<CartLine>> CartAsync(string sku, int quantity = 1)
    {
        var products = await Services.GetRequiredService<CheckoutService>().ProductsAsync();
        return [new CartLine(products.Single(p => p.Sku == sku).Id, quantity)];
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task An_order_without_both_consents_is_refused_and_nothing_is_stored(bool orderConfirmed, bool privacyAgreed)
    {
        var checkout = Services.GetRequiredService<CheckoutService>();
        var cart = await CartAsync("TEE-COTTON");

        var refused = await Assert.ThrowsAsync<CheckoutRejectedException>(() => checkout.PlaceOrderAsync(
            cart, CheckoutApp.Buyer(), new PaymentChoice("card"), new CheckoutConsent(orderConfirmed, privacyAgreed)));

        Assert.Contains("동의", refused.Message, StringComparison.Ordinal);
        Assert.Empty(PortOne.Prepared);
        Assert.Empty(await Services.GetRequiredService<OrderStore>().ListAsync(10, 0));
    }

    [Fact]
    public async Task The_consent_the_shipping_and_the_options_are_stored_with_the_order()
    {
        var checkout = Services.GetRequiredService<CheckoutService>();

        var placed = await checkout.PlaceOrderAsync(await CartAsync("BOOK-HANGUL"), CheckoutApp.Buyer(),
            new PaymentChoice("trans") { CashReceiptType = "personal" }, CheckoutConsent.Given);

        var order = (await Services.GetRequiredService<OrderStore>().FindAsync(placed.Order.MerchantUid))!;
        Assert.Equal((21_000L, 3_000L, 18_000L), (order.Amount, order.ShippingFee, order.TaxFree));
        Assert.Equal(CheckoutConsent.TextVersion, order.ConsentVersion);
        Assert.True(order.ConsentOrderAt > 0 && order.ConsentPrivacyAt > 0);
        Assert.Equal("""{"cash_receipt_type":"personal","cultural_expense":true}""", order.PayOptions);
        Assert.Equal(["현금영수증: 소득공제용", "문화비 소득공제"], Services.GetRequiredService<IStringLocalizer<Strings>>().PayOptions(order.PayOptions));
    }

    [Theory]
    [InlineData("kakaopay", 3, null)]
    [InlineData("card", 0, "trans-only")]
    [InlineData("trans", 0, "nonsense")]
    public async Task Options_that_do_not_belong_to_the_method_are_refused(string method, int months, string? cashReceipt)
    {
        var checkout = Services.GetRequiredService<CheckoutService>();

        await Assert.ThrowsAsync<CheckoutRejectedException>(async () => await checkout.PlaceOrderAsync(await CartAsync("SHOE-WAFFLE"),
            CheckoutApp.Buyer(), new PaymentChoice(method, months) { CashReceiptType = cashReceipt }, CheckoutConsent.Given));

        Assert.Empty(PortOne.Prepared);
    }

    [Theory]
    [InlineData("361", "BC카드")]
    [InlineData("370", "씨티카드")]
    [InlineData("369", "수협카드")]
    public async Task App_card_only_with_a_company_that_has_no_app_card_is_refused_naming_it(string cardCode, string company)
    {
        var checkout = Services.GetRequiredService<CheckoutService>();

        var refused = await Assert.ThrowsAsync<CheckoutRejectedException>(async () => await checkout.PlaceOrderAsync(await CartAsync("SHOE-WAFFLE"),
            CheckoutApp.Buyer(), new PaymentChoice("card", 0, cardCode) { AppCardOnly = true }, CheckoutConsent.Given));

        Assert.Equal($"선택한 카드사({company})는 앱카드 결제를 지원하지 않습니다. 앱카드로만 결제를 해제하거나 다른 카드사를 선택하세요.", refused.Message);
        Assert.Empty(PortOne.Prepared);
    }

    [Fact]
    public async Task App_card_only_with_a_company_that_has_one_goes_to_its_app_card()
    {
        var checkout = Services.GetRequiredService<CheckoutService>();

        var placed = await checkout.PlaceOrderAsync(await CartAsync("SHOE-WAFFLE"), CheckoutApp.Buyer(),
            new PaymentChoice("card", 0, "366") { AppCardOnly = true }, CheckoutConsent.Given);

        Assert.True(placed.RequestPayParams["appCard"]!.GetValue<bool>());
        Assert.Equal("366", placed.RequestPayParams["card"]!["direct"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_pay_method_in_configuration_names_the_setting()
    {
        var result = new CheckoutOptionsValidator().Validate(null, new CheckoutOptions { PayMethods = ["card", "bitcoin"] });

        Assert.True(result.Failed);
        Assert.Contains("Checkout:PayMethods", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("bitcoin", result.FailureMessage, StringComparison.Ordinal);
    }
}
