using System.Globalization;
using System.Net;
using System.Text;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Window;

/// <summary>Renders the PG-like window for one payment from the embedded window.html template.</summary>
internal static class WindowPage
{
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");

    public static string Render(PaymentStore.Entry entry, string assetsPath)
    {
        var p = entry.Payment;
        var open = WindowActions.IsOpen(p);
        return Assets.Read("window.html")!
            .Replace("{{assets}}", Encode(assetsPath), StringComparison.Ordinal)
            .Replace("{{imp_uid}}", Encode(p.ImpUid), StringComparison.Ordinal)
            .Replace("{{mode}}", Encode(entry.Window.Mode), StringComparison.Ordinal)
            .Replace("{{method_label}}", Encode(MethodLabel(p.PayMethod)), StringComparison.Ordinal)
            .Replace("{{name}}", Encode(p.Name ?? ""), StringComparison.Ordinal)
            .Replace("{{amount}}", Encode(FormatWon(p.Amount, p.Currency)), StringComparison.Ordinal)
            .Replace("{{method_section}}", open ? MethodSection(entry) : "", StringComparison.Ordinal)
            .Replace("{{message}}", open ? "" : "이미 처리된 결제입니다.", StringComparison.Ordinal)
            .Replace("{{disabled}}", open ? "" : "disabled", StringComparison.Ordinal);
    }

    public static string FormatWon(decimal amount, string currency) =>
        currency == "KRW" ? amount.ToString("#,##0", Korean) + "원" : amount.ToString("#,##0.##", Korean) + " " + currency;

    private static string MethodLabel(string? payMethod) => payMethod switch
    {
        "card" => "카드",
        "vbank" => "가상계좌",
        "trans" => "계좌이체",
        "phone" => "휴대폰",
        null => "카드",
        _ => payMethod,
    };

    private static string MethodSection(PaymentStore.Entry entry)
    {
        var p = entry.Payment;
        var html = new StringBuilder();
        if (p.PayMethod == "card")
        {
            var direct = entry.Window.DirectCardCode;
            html.Append("<label for=\"card-company\">카드사</label>")
                .Append("<select id=\"card-company\" data-testid=\"card-company\"").Append(direct is null ? "" : " disabled").Append('>');
            foreach (var (code, name) in Codes.Cards.Where(c => direct is null || c.Code == direct))
            {
                html.Append("<option value=\"").Append(Encode(code)).Append('"').Append(code == direct ? " selected" : "")
                    .Append('>').Append(Encode(name)).Append("</option>");
            }
            html.Append("</select>");

            html.Append("<label for=\"card-quota\">할부 개월</label>")
                .Append("<select id=\"card-quota\" data-testid=\"card-quota\"")
                .Append(entry.Window.DirectQuota is null ? "" : " disabled").Append('>');
            foreach (var months in QuotaOptions(p.Amount, entry.Window))
            {
                html.Append("<option value=\"").Append(months.ToString(CultureInfo.InvariantCulture)).Append("\">")
                    .Append(months == 0 ? "일시불" : months.ToString(CultureInfo.InvariantCulture) + "개월").Append("</option>");
            }
            html.Append("</select>");
        }
        else if (p.PayMethod == "vbank")
        {
            html.Append("<label for=\"vbank-bank\">입금 은행</label><select id=\"vbank-bank\" data-testid=\"vbank-bank\">");
            foreach (var (code, name) in Codes.VbankBanks)
            {
                html.Append("<option value=\"").Append(Encode(code)).Append("\">").Append(Encode(name)).Append("</option>");
            }
            html.Append("</select>");
        }
        return html.ToString();
    }

    /// <summary>Lump sum, then 2..max(display.card_quota) when the amount allows installments; a fixed quota shows only itself.</summary>
    private static IEnumerable<int> QuotaOptions(decimal amount, WindowRequest window)
    {
        if (window.DirectQuota is { } fixedMonths)
        {
            return [fixedMonths];
        }
        var max = amount >= WindowActions.InstallmentMinimum && window.CardQuotas is { Count: > 0 } q ? q.Max() : 0;
        return max < 2 ? [0] : [0, .. Enumerable.Range(2, max - 1)];
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
