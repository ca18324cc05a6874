namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Banks a virtual-account payment can be refunded to, by their 금융결제원 (KFTC) three-digit code, which is what
/// TossPayments takes as <c>refund_bank</c> (KCP and KG이니시스 use other codes; this shop is on TossPayments).
/// </summary>
public static class RefundBanks
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("004", "KB국민은행"), ("088", "신한은행"), ("020", "우리은행"), ("081", "하나은행"), ("011", "NH농협은행"), ("012", "지역 농·축협"),
        ("003", "IBK기업은행"), ("090", "카카오뱅크"), ("092", "토스뱅크"), ("089", "케이뱅크"), ("071", "우체국"), ("023", "SC제일은행"),
        ("027", "한국씨티은행"), ("002", "KDB산업은행"), ("007", "Sh수협은행"), ("031", "iM뱅크(대구)"), ("032", "부산은행"), ("039", "경남은행"),
        ("034", "광주은행"), ("037", "전북은행"), ("035", "제주은행"), ("045", "새마을금고"), ("048", "신협"), ("050", "저축은행"),
        ("064", "산림조합"), ("054", "HSBC"),
    ];

    public static bool Knows(string? code) => All.Any(bank => bank.Code == code);
}
