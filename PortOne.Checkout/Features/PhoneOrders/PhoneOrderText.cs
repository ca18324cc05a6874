using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Orders;
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
        PhoneOrderOutcome.Held => l["PhoneOrderHeld", r.Detail],
        PhoneOrderOutcome.AlreadyDone => l["PhoneOrderAlreadyDone", r.Order!.MerchantUid],
        PhoneOrderOutcome.CardRemoved => l["SavedCardChargeRemoved"],
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

    public static string Message(IStringLocalizer<Strings> l, CardRemovalResult r) => r.Outcome switch
    {
        CardRemovalOutcome.Removed => l["SavedCardRemoved", Describe(r.Card!)],
        CardRemovalOutcome.AlreadyRemoved => l["SavedCardAlreadyRemoved", Describe(r.Card!), r.Card!.RemovedBy ?? "?", l.Time(r.Card.RemovedAt)],
        CardRemovalOutcome.Failed => r.Detail.Length == 0 ? l["SavedCardRemoveFailed"] : $"{l["SavedCardRemoveFailed"]} ({r.Detail})",
        _ => l["PhoneOrderInvalid", l["PhoneOrderField_saved-card"]],
    };

    /// <summary>A card as staff pick it: its number here, the holder, and the card as PortOne masked it (gone once removed).</summary>
    public static string Describe(SavedCard card) => $"#{card.Id} {card.HolderName} · {card.CardName} {card.CardNumber}".TrimEnd();
}
