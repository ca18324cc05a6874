namespace PortOne.Checkout.Features.Receipts;

/// <summary>
/// The number a cash receipt is issued to, checked against its type before PortOne is asked:
/// TossPayments accepts any combination and would issue a receipt the buyer cannot use.
/// The number is personal data; callers send <see cref="Digits"/> to PortOne and keep nothing.
/// </summary>
public sealed record CashReceiptIdentifier(string Digits, string IdentifierType)
{
    /// <summary>소득공제 (income deduction): a phone or cash-receipt card number.</summary>
    public const string Person = "person";

    /// <summary>지출증빙 (expense proof): a business registration or cash-receipt card number.</summary>
    public const string Company = "company";

    /// <summary>The identifier and PortOne's <c>identifier_type</c>, or null when the number does not fit <paramref name="type"/>.</summary>
    public static CashReceiptIdentifier? Classify(string type, string? identifier)
    {
        var digits = new string((identifier ?? "").Where(char.IsAsciiDigit).ToArray());
        var identifierType = (type, digits.Length) switch
        {
            (Person, 10 or 11) when digits.StartsWith("01", StringComparison.Ordinal) => "phone",
            (Person, >= 13 and <= 19) => "taxcard",
            (Company, 10) => "business",
            (Company, >= 13 and <= 19) => "taxcard",
            _ => null,
        };
        return identifierType is null ? null : new CashReceiptIdentifier(digits, identifierType);
    }

    /// <summary>
    /// Text from elsewhere (PortOne's refusal message) with the number masked, in case a gateway echoes
    /// it back: what staff are shown is also what the audit trail keeps.
    /// </summary>
    public string Mask(string? text) => (text ?? "").Replace(Digits, "•••", StringComparison.Ordinal);

    public override string ToString() => $"{IdentifierType} •••";
}
