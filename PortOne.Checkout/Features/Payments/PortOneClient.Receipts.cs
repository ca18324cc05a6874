using System.Text.Json.Serialization;
using Flurl.Http;

namespace PortOne.Checkout.Features.Payments;

// Cash receipts beyond issuing one for a payment: cancelling it, and receipts for money received outside PortOne.
public sealed partial class PortOneClient
{
    /// <summary><c>DELETE /receipts/{imp_uid}</c>: cancels the cash receipt issued for a payment.</summary>
    public async Task<PortOneReceipt> CancelReceiptAsync(string impUid, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOneReceipt>("DELETE /receipts/{imp_uid}", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("receipts", Segment(impUid)).DeleteAsync(cancellationToken: ct),
            cancellationToken))!;

    /// <summary>
    /// <c>POST /receipts/external/{merchant_uid}</c>: a cash receipt for money PortOne never saw (a transfer
    /// to the merchant's own account). The identifier is personal data: sent, never stored or logged.
    /// </summary>
    public async Task<PortOneExternalReceipt> IssueExternalReceiptAsync(string merchantUid, ExternalReceiptRequest receipt,
        CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOneExternalReceipt>("POST /receipts/external/{merchant_uid}", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("receipts", "external", Segment(merchantUid)).PostJsonAsync(receipt, cancellationToken: ct),
            cancellationToken))!;

    /// <summary><c>GET /receipts/external/{merchant_uid}</c>; null when PortOne has issued none under that merchant_uid.</summary>
    public Task<PortOneExternalReceipt?> GetExternalReceiptAsync(string merchantUid, CancellationToken cancellationToken = default) =>
        SendAsync<PortOneExternalReceipt>("GET /receipts/external/{merchant_uid}", notFoundIsNull: true,
            (request, ct) => request.AppendPathSegments("receipts", "external", Segment(merchantUid)).GetAsync(cancellationToken: ct),
            cancellationToken);

    /// <summary><c>DELETE /receipts/external/{merchant_uid}</c>: cancels an outside cash receipt.</summary>
    public async Task<PortOneExternalReceipt> CancelExternalReceiptAsync(string merchantUid, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOneExternalReceipt>("DELETE /receipts/external/{merchant_uid}", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("receipts", "external", Segment(merchantUid)).DeleteAsync(cancellationToken: ct),
            cancellationToken))!;
}

/// <summary>
/// Body of <c>POST /receipts/external/{merchant_uid}</c>. <see cref="Pg"/> names the channel as PortOne's
/// older schema does; <see cref="Type"/> is <c>person</c> (소득공제) or <c>company</c> (지출증빙).
/// </summary>
public sealed record ExternalReceiptRequest(string Name, long Amount, string Identifier, string IdentifierType, string Type)
{
    /// <summary>The channel, as <c>pg</c> or <c>channel_key</c>: whichever the deployment configured (see <see cref="PortOneChannel"/>).</summary>
    public string? Pg { get; init; }
    public string? ChannelKey { get; init; }
    public string? BuyerName { get; init; }
    public string? BuyerEmail { get; init; }
    public string? BuyerTel { get; init; }
    public long? TaxFree { get; init; }
}

/// <summary>PortOne's ExternalReceipt: a Receipt named by our merchant_uid instead of a payment.</summary>
public sealed record PortOneExternalReceipt([property: PortOneIdentifier] string MerchantUid, [property: PortOneIdentifier] string? ReceiptTid, [property: JsonConverter(typeof(PortOneText))] string? ApplyNum,
    [property: JsonConverter(typeof(PortOneText))] string Type, long Amount, long Vat, [property: JsonConverter(typeof(PortOneText))] string? ReceiptUrl, long AppliedAt, long CancelledAt);
