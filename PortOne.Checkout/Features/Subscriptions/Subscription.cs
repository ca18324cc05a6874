namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>The states of a subscription. Stored as these strings.</summary>
public static class SubscriptionStatus
{
    /// <summary>Signed up; the card window has not given us a key PortOne confirms.</summary>
    public const string AwaitingCard = "awaiting_card";
    public const string Active = "active";
    /// <summary>The last charge was declined; a retry is scheduled.</summary>
    public const string PastDue = "past_due";
    /// <summary>Every retry was declined: nothing more is charged until the card is changed or staff charge it.</summary>
    public const string Suspended = "suspended";
    public const string Cancelled = "cancelled";

    /// <summary>States in which the subscription still bills (or may again, after a card change).</summary>
    public static bool IsLive(string status) => status is Active or PastDue or Suspended;
}

/// <summary>A subscription row. Money in won; times in unix seconds; the card only as PortOne masks it.</summary>
public sealed class Subscription
{
    public long Id { get; init; }
    public string PublicId { get; init; } = "";
    public string AccessKey { get; init; } = "";
    public long ProductId { get; init; }
    public string PlanName { get; init; } = "";
    public long Amount { get; init; }
    public int CycleMonths { get; init; }
    /// <summary>yyyy-MM-dd in Korea; cycle n is charged n-1 cycles after it.</summary>
    public string FirstChargeDate { get; init; } = "";
    public string Status { get; init; } = SubscriptionStatus.AwaitingCard;
    public string? StatusReason { get; init; }
    public string BuyerName { get; init; } = "";
    public string BuyerEmail { get; init; } = "";
    public string BuyerTel { get; init; } = "";
    public string BuyerAddr { get; init; } = "";
    public string BuyerPostcode { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public string? CustomerUid { get; init; }
    public string? CardName { get; init; }
    public string? CardNumber { get; init; }
    public string? PendingCustomerUid { get; init; }
    public string ConsentText { get; init; } = "";
    public long ConsentAt { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? CancelledAt { get; init; }
}

/// <summary>One attempt to collect a cycle, with the state of the order that carries it.</summary>
public sealed class SubscriptionCharge
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    public int Cycle { get; init; }
    public int Attempt { get; init; }
    public long OrderId { get; init; }
    public string MerchantUid { get; init; } = "";
    public string CustomerUid { get; init; } = "";
    public string Kind { get; init; } = ChargeKind.Schedule;
    public long ChargeAt { get; init; }
    public long? RegisteredAt { get; init; }
    /// <summary>Revoked at PortOne and redone as a later attempt (card changed, charged early).</summary>
    public bool Replaced { get; init; }
    public long CreatedAt { get; init; }

    public string OrderStatus { get; init; } = "";
    public string? OrderStatusReason { get; init; }
    public long Amount { get; init; }
    public long CancelledAmount { get; init; }
    public long? PaidAt { get; init; }
    public long OrderUpdatedAt { get; init; }
    public string AccessKey { get; init; } = "";

    /// <summary>The cycle is collected: money arrived (a later refund does not make the cycle due again).</summary>
    public bool IsPaid => OrderStatus is Orders.OrderStatus.Paid or Orders.OrderStatus.PartiallyRefunded or Orders.OrderStatus.Refunded;
}

public static class ChargeKind
{
    /// <summary>Charged at once with <c>POST /subscribe/payments/again</c>.</summary>
    public const string Again = "again";
    /// <summary>Registered with <c>POST /subscribe/payments/schedule</c>; PortOne charges at <see cref="SubscriptionCharge.ChargeAt"/>.</summary>
    public const string Schedule = "schedule";
}

public sealed class SubscriptionEvent
{
    public long Id { get; init; }
    public string Source { get; init; } = "";
    public string Detail { get; init; } = "";
    public long CreatedAt { get; init; }
}
