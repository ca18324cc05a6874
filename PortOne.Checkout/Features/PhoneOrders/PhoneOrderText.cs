using Microsoft.Extensions.Localization;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.PhoneOrders;

/// <summary>What staff are told about a charge, in plain words: a decline is the card company's, an authentication failure is the card details'.</summary>
public static class PhoneOrderText
{
    public static string Message(IStringLocalizer<Strings> l, PhoneOrderResult r) => r.Outcome switch
    {
        PhoneOrderOutcome.Paid => l["PhoneOrderPaid", Money.Won(r.Order!.Amount)],
        PhoneOrderOutcome.Declined => l["PhoneOrderDeclined", r.Detail],
        PhoneOrderOutcome.AuthenticationFailed => l["PhoneOrderAuthFailed", r.Detail],
        PhoneOrderOutcome.KeyRefused => l["PhoneOrderKeyRefused", r.Detail],
        PhoneOrderOutcome.Unknown => l["PhoneOrderUnknown"],
        PhoneOrderOutcome.AlreadyDone => l["PhoneOrderAlreadyDone", r.Order!.MerchantUid],
        _ => l["PhoneOrderInvalid", l[$"PhoneOrderField_{r.Detail}"]],
    };

    public static string Message(IStringLocalizer<Strings> l, CardRegistrationResult r) => r.Outcome switch
    {
        CardRegistrationOutcome.Registered => l["SavedCardRegistered", $"{r.Card!.CardName} {r.Card.CardNumber}"],
        CardRegistrationOutcome.AuthenticationFailed => l["PhoneOrderAuthFailed", r.Detail],
        CardRegistrationOutcome.Refused => l["SavedCardRefused", r.Detail],
        CardRegistrationOutcome.Unknown => l["SavedCardUnknown"],
        _ => l["PhoneOrderInvalid", l[$"PhoneOrderField_{r.Detail}"]],
    };
}
