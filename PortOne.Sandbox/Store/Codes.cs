namespace PortOne.Sandbox.Store;

/// <summary>KFTC card and bank codes the window offers, as PortOne lists them.</summary>
internal static class Codes
{
    public static readonly IReadOnlyList<(string Code, string Name)> Cards =
    [
        ("361", "BC카드"), ("365", "삼성카드"), ("366", "신한카드"), ("367", "현대카드"), ("368", "롯데카드"),
        ("371", "NH농협카드"), ("381", "KB국민카드"), ("041", "우리카드"), ("374", "하나카드"),
        ("369", "수협카드"), ("370", "씨티카드"), ("364", "광주카드"), ("372", "전북카드"), ("373", "제주카드"),
        ("090", "카카오뱅크"), ("089", "케이뱅크"), ("071", "우체국카드"),
    ];

    /// <summary>Every card code GET /cards lists: KFTC codes, then the three-letter foreign brands.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> AllCards =
    [
        ("361", "BC카드"), ("364", "광주카드"), ("365", "삼성카드"), ("366", "신한카드"), ("367", "현대카드"), ("368", "롯데카드"),
        ("369", "수협카드"), ("370", "씨티카드"), ("371", "NH농협카드"), ("372", "전북카드"), ("373", "제주카드"), ("374", "하나카드"),
        ("381", "KB국민카드"), ("041", "우리카드"), ("002", "KDB산업은행"), ("045", "새마을금고"), ("048", "신협"), ("050", "저축은행"),
        ("071", "우체국카드"), ("089", "케이뱅크"), ("090", "카카오뱅크"),
        ("VIS", "해외비자"), ("MAS", "해외마스터"), ("DIN", "해외다이너스"), ("AMX", "해외아멕스"), ("JCB", "해외JCB"),
        ("UNI", "해외은련"), ("DIS", "해외디스커버"),
    ];

    /// <summary>Foreign brands the English (international-card) window offers.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> ForeignCards =
    [
        ("VIS", "VISA"), ("MAS", "MASTER"), ("JCB", "JCB"), ("UNI", "UNIONPAY"),
    ];

    /// <summary>KFTC standard bank codes GET /banks lists.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Banks =
    [
        ("001", "한국은행"), ("002", "KDB산업은행"), ("003", "IBK기업은행"), ("004", "KB국민은행"), ("005", "외환은행"),
        ("007", "Sh수협은행"), ("008", "수출입은행"), ("011", "NH농협은행"), ("012", "지역농축협"), ("020", "우리은행"),
        ("023", "SC제일은행"), ("027", "한국씨티은행"), ("031", "iM뱅크(대구)"), ("032", "부산은행"), ("034", "광주은행"),
        ("035", "제주은행"), ("037", "전북은행"), ("039", "경남은행"), ("045", "새마을금고"), ("048", "신협"),
        ("050", "저축은행"), ("054", "HSBC은행"), ("055", "도이치은행"), ("057", "JP모간체이스은행"), ("060", "BOA은행"),
        ("064", "산림조합중앙회"), ("071", "우체국"), ("081", "하나은행"), ("088", "신한은행"), ("089", "케이뱅크"),
        ("090", "카카오뱅크"), ("092", "토스뱅크"), ("093", "한국주택금융공사"), ("099", "금융결제원"),
        ("240", "삼성증권"), ("264", "키움증권"), ("289", "NH투자증권"),
    ];

    /// <summary>Banks that can issue Toss virtual accounts.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> VbankBanks =
    [
        ("088", "신한은행"), ("004", "KB국민은행"), ("020", "우리은행"), ("081", "하나은행"), ("011", "NH농협은행"),
        ("003", "IBK기업은행"), ("071", "우체국"), ("039", "경남은행"), ("034", "광주은행"), ("031", "iM뱅크(대구)"),
        ("032", "부산은행"), ("045", "새마을금고"), ("007", "Sh수협은행"),
    ];

    /// <summary>Every KFTC bank code a refund may name (TossPayments uses the 3-digit standard).</summary>
    public static readonly IReadOnlySet<string> RefundBanks = new HashSet<string>(StringComparer.Ordinal)
    {
        "002", "003", "004", "007", "011", "012", "020", "023", "027", "031", "032", "034", "035", "037", "039",
        "045", "048", "050", "054", "064", "071", "081", "088", "089", "090", "092",
    };

    /// <summary>Methods the TossPayments new module supports in the V1 integration guide.</summary>
    public static readonly IReadOnlySet<string> PayMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "card", "trans", "vbank", "phone", "booknlife", "smartculture", "cultureland", "kakaopay", "naverpay",
        "lpay", "samsungpay", "samsung", "ssgpay", "applepay", "payco", "tosspay",
    };

    public static string? CardName(string code) => AllCards.FirstOrDefault(c => c.Code == code).Name;

    public static string? VbankName(string code) => VbankBanks.FirstOrDefault(c => c.Code == code).Name;
}
