using Flurl.Http;

namespace PortOne.Checkout.Features.Payments;

// Virtual accounts issued by the server rather than in the payment window.
public sealed partial class PortOneClient
{
    /// <summary>
    /// <c>POST /vbanks</c>: issues a virtual account for an order. With a <see cref="VbankRequest.VbankKey"/>,
    /// TossPayments gives the same account number every time (a fixed account, 고정식 가상계좌). Answers
    /// the payment in status <c>ready</c>.
    /// </summary>
    public async Task<PortOnePayment> IssueVbankAsync(VbankRequest vbank, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOnePayment>("POST /vbanks", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("vbanks").PostJsonAsync(vbank, cancellationToken: ct),
            cancellationToken))!;

    /// <summary><c>DELETE /vbanks/{imp_uid}</c>: closes an account nobody has paid into yet; PortOne refuses it once paid.</summary>
    public async Task<PortOnePayment> RevokeVbankAsync(string impUid, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOnePayment>("DELETE /vbanks/{imp_uid}", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("vbanks", Segment(impUid)).DeleteAsync(cancellationToken: ct),
            cancellationToken))!;
}

/// <summary>Body of <c>POST /vbanks</c>. <see cref="VbankDue"/> is unix seconds; TossPayments requires <see cref="BuyerName"/>.</summary>
public sealed record VbankRequest(string MerchantUid, long Amount, string VbankCode, long VbankDue, string Name, string BuyerName)
{
    /// <summary>The channel, as <c>pg</c> or <c>channel_key</c>: whichever the deployment configured (see <see cref="PortOneChannel"/>).</summary>
    public string? Pg { get; init; }
    public string? ChannelKey { get; init; }
    public string? VbankKey { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public IReadOnlyList<string>? NoticeUrl { get; init; }
}
