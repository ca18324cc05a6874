using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.PhoneOrders;

/// <summary>What staff read after a phone charge: whose "no" it was, or that the money moved, in plain Korean and English.</summary>
public class PhoneOrderTextTests : ComponentTestBase
{
    private static readonly Order Failed = new() { MerchantUid = "tel-20261202-000000000001", Status = OrderStatus.Failed, Amount = 55_000 };

    [Theory]
    [InlineData("ko", PhoneOrderOutcome.Declined, "카드사가 결제를 거절했습니다: [REJECT_CARD_PAYMENT] 한도초과")]
    [InlineData("ko", PhoneOrderOutcome.AuthenticationFailed, "카드 인증에 실패했습니다. 카드 번호, 유효기간, 생년월일, 비밀번호 앞 2자리를 다시 확인하세요.")]
    [InlineData("ko", PhoneOrderOutcome.KeyRefused, "PortOne이 저장한 카드로 결제하지 않았습니다.")]
    [InlineData("en", PhoneOrderOutcome.Declined, "The card company declined the payment: [REJECT_CARD_PAYMENT] 한도초과")]
    [InlineData("en", PhoneOrderOutcome.AuthenticationFailed, "The card did not authenticate.")]
    [InlineData("en", PhoneOrderOutcome.KeyRefused, "PortOne would not charge the saved card")]
    [InlineData("ko", PhoneOrderOutcome.Held, "결제사(PortOne)에서는 결제되었지만 주문이 결제 완료로 바뀌지 않았습니다: [REJECT_CARD_PAYMENT] 한도초과. 주문 페이지에서 확인하세요; 같은 카드로 다시 결제하지 마세요.")]
    [InlineData("en", PhoneOrderOutcome.Held, "PortOne took the payment, but the order was not marked paid: [REJECT_CARD_PAYMENT] 한도초과. Check the order page; do not charge the card again.")]
    public void A_decline_a_failed_authentication_a_refused_key_and_a_held_charge_each_say_whose_word_it_was(string culture, PhoneOrderOutcome outcome, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        var message = PhoneOrderText.Message(Localizer, new PhoneOrderResult(outcome, Failed, "[REJECT_CARD_PAYMENT] 한도초과"));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("en")]
    public void Every_outcome_reads_differently(string culture)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);

        var charges = Enum.GetValues<PhoneOrderOutcome>()
            .Select(o => PhoneOrderText.Message(Localizer, new PhoneOrderResult(o, Failed, o == PhoneOrderOutcome.Invalid ? "amount" : "x")));
        var registrations = Enum.GetValues<CardRegistrationOutcome>().Where(o => o != CardRegistrationOutcome.Registered)
            .Select(o => PhoneOrderText.Message(Localizer, new CardRegistrationResult(o, null, o == CardRegistrationOutcome.Invalid ? "birth" : "x")));

        Assert.Equal(Enum.GetValues<PhoneOrderOutcome>().Length, charges.Distinct().Count());
        Assert.Equal(Enum.GetValues<CardRegistrationOutcome>().Length - 1, registrations.Distinct().Count());
        Assert.All(charges.Concat(registrations), m => Assert.DoesNotContain("PhoneOrder", m, StringComparison.Ordinal));
    }

    private IStringLocalizer<Strings> Localizer => Services.GetRequiredService<IStringLocalizer<Strings>>();
}
