namespace PortOne.Checkout.Features.Checkout;

/// <summary>How the picker groups methods, in the order a Korean shopper scans them.</summary>
public enum PayMethodGroup
{
    Card,
    Bank,
    EasyPay,
    MobileAndGift,
}

/// <summary>One <c>pay_method</c> code of the TossPayments new module; its label is the resource <c>PayMethod_{Code}</c>.</summary>
public sealed record PayMethod(string Code, PayMethodGroup Group)
{
    /// <summary>Cash-like methods: Toss reads the cash receipt type and the cultural-expense flag only for these.</summary>
    public bool IsCashLike => Code is "trans" or "vbank";
}

public static class PayMethodCatalog
{
    public static readonly IReadOnlyList<PayMethod> All =
    [
        new("card", PayMethodGroup.Card),
        new("trans", PayMethodGroup.Bank),
        new("vbank", PayMethodGroup.Bank),
        new("kakaopay", PayMethodGroup.EasyPay),
        new("naverpay", PayMethodGroup.EasyPay),
        new("tosspay", PayMethodGroup.EasyPay),
        new("payco", PayMethodGroup.EasyPay),
        // PortOne's current code. The Toss guide still prints the older "samsung"; PortOne's pay_method
        // reference names samsungpay as supported and "samsung" as a legacy alias, so we send the current one.
        new("samsungpay", PayMethodGroup.EasyPay),
        new("applepay", PayMethodGroup.EasyPay),
        new("ssgpay", PayMethodGroup.EasyPay),
        new("lpay", PayMethodGroup.EasyPay),
        new("phone", PayMethodGroup.MobileAndGift),
        new("cultureland", PayMethodGroup.MobileAndGift),
        new("smartculture", PayMethodGroup.MobileAndGift),
        new("booknlife", PayMethodGroup.MobileAndGift),
    ];

    public static PayMethod? Find(string? code) => All.FirstOrDefault(m => m.Code == code);
}

/// <summary>Toss's cash receipt types (<c>bypass.cashReceiptType</c>); none means the shopper picks in the window.</summary>
public static class CashReceiptTypes
{
    public static readonly IReadOnlyList<string> All = ["anonymous", "personal", "corporate"];
}
