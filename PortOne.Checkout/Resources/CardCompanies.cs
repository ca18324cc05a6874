namespace PortOne.Checkout.Resources;

/// <param name="HasAppCard">Whether TossPayments can open this company's app card ("app card only"); 씨티 and the regional cards cannot.</param>
public sealed record CardCompany(string Code, string NameKo, string NameEn, bool HasAppCard = false);

/// <summary>KFTC standard card codes that TossPayments calls directly (<c>card.direct.code</c>).</summary>
public static class CardCompanies
{
    public static readonly IReadOnlyList<CardCompany> All =
    [
        new("361", "BC카드", "BC Card"),
        new("381", "KB국민카드", "KB Kookmin Card", HasAppCard: true),
        new("365", "삼성카드", "Samsung Card", HasAppCard: true),
        new("366", "신한카드", "Shinhan Card", HasAppCard: true),
        new("367", "현대카드", "Hyundai Card", HasAppCard: true),
        new("368", "롯데카드", "Lotte Card", HasAppCard: true),
        new("371", "NH농협카드", "NH Nonghyup Card", HasAppCard: true),
        new("041", "우리카드", "Woori Card", HasAppCard: true),
        new("374", "하나카드", "Hana Card", HasAppCard: true),
        new("370", "씨티카드", "Citi Card"),
        new("364", "광주카드", "Gwangju Card"),
        new("372", "전북카드", "Jeonbuk Card"),
        new("373", "제주카드", "Jeju Card"),
        new("369", "수협카드", "Suhyup Card"),
    ];

    public static CardCompany? Find(string? code) => All.FirstOrDefault(c => c.Code == code);

    /// <summary>
    /// The card company PortOne named (its Korean <c>card_name</c>, which is what an order keeps) in the
    /// reader's language; a name we do not know is shown as PortOne wrote it.
    /// </summary>
    public static string? DisplayName(string? portOneName, bool english) =>
        english && All.FirstOrDefault(c => c.NameKo == portOneName) is { } company ? company.NameEn : portOneName;
}
