using System.Globalization;
using System.Net;
using System.Text;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Window;

/// <summary>Renders the PG-like window for one payment from the embedded window.html template.</summary>
internal static class WindowPage
{
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");

    /// <summary>Every text the window shows, in Korean or (international-card window) English.</summary>
    private sealed record Labels(
        string Lang, string PageTitle, string Payment, string BillingTitle, string Name, string Amount, string Approve, string Register,
        string Decline, string Close, string Note, string Done, string CardCompany, string Quota, string LumpSum, string Months,
        string TestCard, string TestApprove, string TestLimit, string TestSuspended, string TestAuth, string CardPoint,
        string AppCardOnly, string BillingNotice, string Escrow);

    private static readonly Labels Ko = new(
        "ko", "토스페이먼츠 결제 (PortOne Sandbox)", "결제", "카드 등록", "상품명", "결제금액", "결제하기", "카드 등록하기",
        "결제 실패", "닫기 / 결제 취소", "PortOne 로컬 샌드박스 결제창입니다. 실제 결제는 이루어지지 않습니다.", "이미 처리된 결제입니다.",
        "카드사", "할부 개월", "일시불", "개월", "테스트 카드", "승인", "한도초과로 거절", "정지된 카드로 거절", "카드 인증 실패",
        "카드 포인트 사용", "앱카드 결제만 가능합니다.", "빌링키 발급: 카드만 등록되고 결제되지 않습니다.", "에스크로");

    private static readonly Labels En = new(
        "en", "Toss Payments checkout (PortOne Sandbox)", "payment", "Card registration", "Order", "Amount", "Pay", "Register card",
        "Fail payment", "Close / cancel", "Local PortOne sandbox window. No real payment is made.", "This payment was already processed.",
        "Card brand", "Installments", "Lump sum", " months", "Test card", "Approve", "Decline: limit exceeded", "Decline: suspended card",
        "Card authentication fails", "Use card points", "App card only.", "Billing key issue: the card is registered, nothing is charged.", "Escrow");

    public static string Render(PaymentStore.Entry entry, string assetsPath)
    {
        var p = entry.Payment;
        var options = entry.Window.Options;
        var labels = options.International ? En : Ko;
        var open = WindowActions.IsOpen(p);
        var billing = options.CustomerUid is not null;
        var badges = p.Escrow ? $"<span class=\"badge escrow\" data-testid=\"escrow\">{Encode(labels.Escrow)}</span>" : "";
        return Assets.Read("window.html")!
            .Replace("{{lang}}", labels.Lang, StringComparison.Ordinal)
            .Replace("{{page_title}}", Encode(labels.PageTitle), StringComparison.Ordinal)
            .Replace("{{badges}}", badges, StringComparison.Ordinal)
            .Replace("{{title}}", Encode(billing ? labels.BillingTitle : Title(p.PayMethod, labels)), StringComparison.Ordinal)
            .Replace("{{label_name}}", Encode(labels.Name), StringComparison.Ordinal)
            .Replace("{{label_amount}}", Encode(labels.Amount), StringComparison.Ordinal)
            .Replace("{{approve}}", Encode(billing ? labels.Register : labels.Approve), StringComparison.Ordinal)
            .Replace("{{decline}}", Encode(labels.Decline), StringComparison.Ordinal)
            .Replace("{{close}}", Encode(labels.Close), StringComparison.Ordinal)
            .Replace("{{note}}", Encode(labels.Note), StringComparison.Ordinal)
            .Replace("{{assets}}", Encode(assetsPath), StringComparison.Ordinal)
            .Replace("{{imp_uid}}", Encode(p.ImpUid), StringComparison.Ordinal)
            .Replace("{{mode}}", Encode(entry.Window.Mode), StringComparison.Ordinal)
            .Replace("{{name}}", Encode(p.Name ?? ""), StringComparison.Ordinal)
            .Replace("{{amount}}", Encode(options.International ? FormatEnglish(p.Amount, p.Currency) : FormatWon(p.Amount, p.Currency)), StringComparison.Ordinal)
            .Replace("{{method_section}}", open ? MethodSection(entry, labels) : "", StringComparison.Ordinal)
            .Replace("{{message}}", open ? "" : Encode(labels.Done), StringComparison.Ordinal)
            .Replace("{{open}}", open ? "true" : "false", StringComparison.Ordinal);
    }

    public static string FormatWon(decimal amount, string currency) =>
        currency == "KRW" ? amount.ToString("#,##0", Korean) + "원" : amount.ToString("#,##0.##", Korean) + " " + currency;

    private static string FormatEnglish(decimal amount, string currency) =>
        amount.ToString("#,##0.##", CultureInfo.InvariantCulture) + " " + currency;

    private static string Title(string? payMethod, Labels labels) => labels == En
        ? "Card " + labels.Payment
        : payMethod switch
        {
            "card" or null => "카드",
            "vbank" => "가상계좌",
            "trans" => "계좌이체",
            "phone" => "휴대폰",
            "booknlife" => "도서문화상품권",
            "smartculture" => "스마트문화상품권",
            "cultureland" => "문화상품권",
            "kakaopay" => "카카오페이",
            "naverpay" => "네이버페이",
            "lpay" => "L.PAY",
            "samsungpay" or "samsung" => "삼성페이",
            "ssgpay" => "SSGPAY",
            "applepay" => "애플페이",
            "payco" => "PAYCO",
            "tosspay" => "토스페이",
            _ => payMethod,
        } + " " + labels.Payment;

    private static string MethodSection(PaymentStore.Entry entry, Labels labels)
    {
        var p = entry.Payment;
        var options = entry.Window.Options;
        var html = new StringBuilder();
        if (options.CustomerUid is not null)
        {
            html.Append("<p class=\"notice\" data-testid=\"billing-key\">").Append(Encode(labels.BillingNotice)).Append("</p>");
        }
        if (p.PayMethod == "card")
        {
            CardSection(html, entry, labels);
        }
        else if (p.PayMethod == "vbank")
        {
            html.Append("<label for=\"vbank-bank\">입금 은행</label><select id=\"vbank-bank\" data-testid=\"vbank-bank\">");
            foreach (var (code, name) in Codes.VbankBanks)
            {
                Option(html, code, name, selected: false);
            }
            html.Append("</select>");
        }
        if (p.PayMethod is "trans" or "vbank")
        {
            CashSection(html, options);
        }
        return html.ToString();
    }

    private static void CardSection(StringBuilder html, PaymentStore.Entry entry, Labels labels)
    {
        var options = entry.Window.Options;
        var direct = entry.Window.DirectCardCode;
        var cards = options.International ? Codes.ForeignCards
            : options.AppCard ? Codes.Cards.Where(c => WindowOptions.AppCardCodes.Contains(c.Code))
            : Codes.Cards;
        if (options.AppCard && !options.International)
        {
            html.Append("<p class=\"notice\" data-testid=\"app-card\">").Append(Encode(labels.AppCardOnly)).Append("</p>");
        }
        html.Append("<label for=\"card-company\">").Append(Encode(labels.CardCompany)).Append("</label>")
            .Append("<select id=\"card-company\" data-testid=\"card-company\"").Append(direct is null ? "" : " disabled").Append('>');
        foreach (var (code, name) in cards.Where(c => direct is null || c.Code == direct))
        {
            Option(html, code, name, code == direct);
        }
        html.Append("</select>");

        // A billing-key window charges nothing, so it offers no installments.
        if (options.CustomerUid is null)
        {
            html.Append("<label for=\"card-quota\">").Append(Encode(labels.Quota)).Append("</label>")
                .Append("<select id=\"card-quota\" data-testid=\"card-quota\"")
                .Append(entry.Window.DirectQuota is null ? "" : " disabled").Append('>');
            foreach (var months in QuotaOptions(entry.Payment.Amount, entry.Window))
            {
                Option(html, months.ToString(CultureInfo.InvariantCulture),
                    months == 0 ? labels.LumpSum : months.ToString(CultureInfo.InvariantCulture) + labels.Months, selected: false);
            }
            html.Append("</select>");
        }
        if (options.UseCardPoint)
        {
            html.Append("<label class=\"check\"><input type=\"checkbox\" id=\"card-point\" data-testid=\"card-point\"> ")
                .Append(Encode(labels.CardPoint)).Append("</label>");
        }
        html.Append("<label for=\"test-card\">").Append(Encode(labels.TestCard)).Append("</label>")
            .Append("<select id=\"test-card\" data-testid=\"test-card\">");
        Option(html, "approve", labels.TestApprove + " (" + TestCards.Approved + ")", selected: true);
        Option(html, "limit", labels.TestLimit + " (" + TestCards.LimitExceeded + ")", selected: false);
        Option(html, "suspended", labels.TestSuspended + " (" + TestCards.Suspended + ")", selected: false);
        Option(html, "auth", labels.TestAuth + " (" + TestCards.AuthFailure + ")", selected: false);
        html.Append("</select>");
    }

    /// <summary>Cash receipt type: preset by bypass.cashReceiptType (fixed), else the shopper picks (미발행 first).</summary>
    private static void CashSection(StringBuilder html, WindowOptions options)
    {
        var preset = options.CashReceiptType;
        html.Append("<label for=\"cash-receipt-type\">현금영수증</label><select id=\"cash-receipt-type\" data-testid=\"cash-receipt-type\"")
            .Append(preset is null ? "" : " disabled").Append('>');
        foreach (var (value, label) in new[] { ("anonymous", "미발행 (자진발급)"), ("personal", "소득공제용"), ("corporate", "지출증빙용") })
        {
            Option(html, value, label, value == preset);
        }
        html.Append("</select>");
        if (options.CulturalExpense)
        {
            html.Append("<p class=\"notice\" data-testid=\"cultural-expense\">문화비 소득공제 대상 거래입니다.</p>");
        }
    }

    /// <summary>Lump sum, then 2..max(display.card_quota) when the amount allows installments; a fixed quota shows only itself.</summary>
    private static IEnumerable<int> QuotaOptions(decimal amount, WindowRequest window)
    {
        if (window.DirectQuota is { } fixedMonths)
        {
            return [fixedMonths];
        }
        var max = WindowActions.QuotaMax(amount, window);
        if (max < 2)
        {
            return [0];
        }
        // display.only_installment hides the lump sum.
        return window.Options.OnlyInstallment ? Enumerable.Range(2, max - 1) : [0, .. Enumerable.Range(2, max - 1)];
    }

    private static void Option(StringBuilder html, string value, string label, bool selected) =>
        html.Append("<option value=\"").Append(Encode(value)).Append('"').Append(selected ? " selected" : "")
            .Append('>').Append(Encode(label)).Append("</option>");

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
