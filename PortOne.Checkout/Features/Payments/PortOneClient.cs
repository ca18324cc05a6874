using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Flurl;
using Flurl.Http;
using Flurl.Http.Configuration;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// PortOne V1 REST client. Every call carries the cached access token; a 401 mid-request means the
/// token died early (revoked, clock skew), so it is replaced once and the call repeated once.
/// Non-zero <c>code</c> values surface as <see cref="PortOneApiException"/>.
/// </summary>
public sealed partial class PortOneClient(HttpClient http, PortOneConnection connection, PortOneTokenCache tokens, PaymentMetrics metrics)
{
    /// <summary>PortOne speaks snake_case; Flurl's default would silently read nothing.</summary>
    /// <remarks>
    /// The answers every sync reads (a payment, a token) have generated metadata (<see cref="HotJson"/>); the
    /// rest, and the anonymous request bodies, fall back to reflection.
    /// </remarks>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(HotJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Made once: every PortOneClient (one per scope) shares them instead of building its own.</summary>
    private static readonly DefaultJsonSerializer FlurlJson = new(Json);

    private readonly FlurlClient _flurl = CreateFlurlClient(http);

    /// <summary>
    /// <c>GET /payments/{imp_uid}</c>; null when PortOne knows no such payment. Every webhook and callback makes
    /// this call, so its address is written in one piece rather than built up segment by segment.
    /// </summary>
    public Task<PortOnePayment?> GetPaymentAsync(string impUid, CancellationToken cancellationToken = default) =>
        SendAsync<PortOnePayment>("GET /payments/{imp_uid}", notFoundIsNull: true,
            (request, ct) =>
            {
                request.Url = new Url(connection.IncludeSandbox
                    ? $"{connection.ApiBaseUrl}/payments/{Segment(impUid)}?include_sandbox=true"
                    : $"{connection.ApiBaseUrl}/payments/{Segment(impUid)}");
                return request.GetAsync(cancellationToken: ct);
            },
            cancellationToken);

    /// <summary><c>GET /payments/find/{merchant_uid}</c>: the latest payment for an order; null when none was started.</summary>
    public Task<PortOnePayment?> FindPaymentAsync(string merchantUid, CancellationToken cancellationToken = default) =>
        FindPaymentAsync(merchantUid, null, cancellationToken);

    /// <summary>
    /// <c>GET /payments/find/{merchant_uid}/{payment_status}</c>: the latest payment for an order in that
    /// status (<c>ready</c>, <c>paid</c>, <c>failed</c>, <c>cancelled</c>; null = any); null when there is none.
    /// </summary>
    public Task<PortOnePayment?> FindPaymentAsync(string merchantUid, string? paymentStatus, CancellationToken cancellationToken = default) =>
        SendAsync<PortOnePayment>("GET /payments/find/{merchant_uid}", notFoundIsNull: true,
            (request, ct) => (paymentStatus is null
                    ? request.AppendPathSegments("payments", "find", Segment(merchantUid))
                    : request.AppendPathSegments("payments", "find", Segment(merchantUid), Segment(paymentStatus)))
                .GetAsync(cancellationToken: ct),
            cancellationToken);

    /// <summary><c>POST /payments/prepare</c>: PortOne refuses to open a window for any other amount.</summary>
    public async Task PrepareAsync(string merchantUid, long amount, string currency, CancellationToken cancellationToken = default) =>
        await SendAsync<PreparedPayment>("POST /payments/prepare", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("payments", "prepare")
                .PostJsonAsync(new { merchant_uid = merchantUid, amount, currency }, cancellationToken: ct),
            cancellationToken);

    /// <summary>
    /// <c>POST /payments/cancel</c>. Never retried blindly: <see cref="CancelPaymentRequest.Checksum"/>
    /// makes a repeated cancel fail instead of refunding twice.
    /// </summary>
    public async Task<PortOnePayment> CancelAsync(CancelPaymentRequest cancel, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOnePayment>("POST /payments/cancel", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("payments", "cancel").PostJsonAsync(cancel, cancellationToken: ct),
            cancellationToken))!;

    /// <summary>
    /// <c>POST /receipts/{imp_uid}</c>: issues a cash receipt for a paid transfer or virtual account.
    /// The identifier (phone, business or card number) is personal data: sent, never stored or logged.
    /// </summary>
    public async Task<PortOneReceipt> IssueReceiptAsync(string impUid, CashReceiptRequest receipt, CancellationToken cancellationToken = default) =>
        (await SendAsync<PortOneReceipt>("POST /receipts/{imp_uid}", notFoundIsNull: false,
            (request, ct) => request.AppendPathSegments("receipts", Segment(impUid)).PostJsonAsync(receipt, cancellationToken: ct),
            cancellationToken))!;

    /// <summary>Obtains an access token (the cached one while it is fresh), which proves the key pair works.</summary>
    public async Task EnsureTokenAsync(CancellationToken cancellationToken = default) =>
        await tokens.GetAsync(IssueTokenAsync, cancellationToken);

    /// <summary>
    /// One path segment, escaped whole: a value is never a path, so a <c>/</c>, <c>?</c> or <c>%2F</c> in an
    /// id cannot move a request (which carries our token) to another PortOne endpoint. Flurl alone keeps
    /// <c>/</c> as a separator, and <c>.</c>/<c>..</c> survive any escaping and are resolved by the URI
    /// parser, so those are refused outright.
    /// </summary>
    internal static string Segment(string value)
    {
        if (value is "" or "." or "..")
        {
            throw new ArgumentException($"'{value}' is not a PortOne identifier.", nameof(value));
        }
        return Uri.EscapeDataString(value);
    }

    private async Task<T?> SendAsync<T>(string endpoint, bool notFoundIsNull,
        Func<IFlurlRequest, CancellationToken, Task<IFlurlResponse>> send, CancellationToken cancellationToken) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(IssueTokenAsync, cancellationToken);
            // Not _flurl.Request(...), which combines and re-validates its URL segments on every call.
            var request = new FlurlRequest(new Url(connection.ApiBaseUrl)) { Client = _flurl }.WithHeader("Authorization", "Bearer " + token);
            using var response = await SendOrThrowAsync(endpoint, () => send(request, cancellationToken), cancellationToken);
            if (response.StatusCode == (int)HttpStatusCode.Unauthorized && attempt == 1)
            {
                tokens.Invalidate(token);
                continue;
            }
            if (response.StatusCode == (int)HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }
            return await ReadResponseAsync<T>(endpoint, response);
        }
    }

    private async Task<IssuedToken> IssueTokenAsync(CancellationToken cancellationToken)
    {
        const string endpoint = "POST /users/getToken";
        using var response = await SendOrThrowAsync(endpoint,
            () => new FlurlRequest(new Url(connection.ApiBaseUrl)) { Client = _flurl }.AppendPathSegments("users", "getToken")
                .PostJsonAsync(new { imp_key = connection.ApiKey, imp_secret = connection.ApiSecret }, cancellationToken: cancellationToken),
            cancellationToken);
        var token = await ReadResponseAsync<TokenResponse>(endpoint, response);
        return new IssuedToken(token.AccessToken, token.Now, token.ExpiredAt);
    }

    private async Task<IFlurlResponse> SendOrThrowAsync(string endpoint, Func<Task<IFlurlResponse>> send, CancellationToken cancellationToken)
    {
        using var call = metrics.StartPortOneCall(endpoint);
        try
        {
            var response = await send();
            call.Answered(response.StatusCode);
            return response;
        }
        // Flurl wraps most transport failures, but the resilience pipeline's own refusals (open circuit,
        // timeout) must also read as "PortOne unreachable", never as a crash of the caller.
        catch (Exception ex) when (ex is FlurlHttpException or HttpRequestException or Polly.ExecutionRejectedException or TimeoutException
                                   && !cancellationToken.IsCancellationRequested)
        {
            metrics.PortOneFailed(endpoint, null);
            throw new PortOneApiException(endpoint, null, null, null, ex);
        }
    }

    private async Task<T> ReadResponseAsync<T>(string endpoint, IFlurlResponse response) where T : class
    {
        Envelope<T>? envelope;
        try
        {
            // Straight from the body with our options: Flurl's GetJsonAsync adds a serializer adapter and a copy
            // of the body on every call. The body is already buffered (Flurl reads it whole before answering),
            // so reading it synchronously never blocks and skips the async deserializer's bookkeeping.
            await using var content = response.ResponseMessage.Content.ReadAsStream();
            envelope = JsonSerializer.Deserialize<Envelope<T>>(content, Json);
        }
        catch (JsonException)
        {
            envelope = null;
        }
        var status = (HttpStatusCode)response.StatusCode;
        // 207 is PortOne's "some of the requested items were missing": the found ones are in response.
        if (status is HttpStatusCode.OK or HttpStatusCode.MultiStatus && envelope is { Code: 0, Response: { } body })
        {
            return body;
        }
        metrics.PortOneFailed(endpoint, status);
        throw new PortOneApiException(endpoint, status, envelope?.Code, envelope?.Message);
    }

    private static FlurlClient CreateFlurlClient(HttpClient http)
    {
        var client = new FlurlClient(http);
        client.Settings.JsonSerializer = FlurlJson;
        // Statuses are PortOne's answers (401 token, 404 unknown): read them, don't throw on them.
        client.Settings.AllowedHttpStatusRange = "*";
        // The resilience handler under the HttpClient owns attempt and total timeouts; Flurl's own
        // 100 s timeout only added a linked token source and a timer to every call.
        client.Settings.Timeout = null;
        return client;
    }

    /// <summary>PortOne's wrapper around every answer. Settable properties, not a constructor: the cheaper way to read.</summary>
    private sealed class Envelope<T>
    {
        public int Code { get; init; }
        [JsonConverter(typeof(PortOneText))] public string? Message { get; init; }
        public T? Response { get; init; }
    }

    private sealed record TokenResponse([property: PortOneIdentifier] string AccessToken, long Now, long ExpiredAt);

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(Envelope<PortOnePayment>))]
    [JsonSerializable(typeof(Envelope<TokenResponse>))]
    private sealed partial class HotJson : JsonSerializerContext;

    private sealed record PreparedPayment([property: PortOneIdentifier] string MerchantUid, decimal Amount);
}

/// <summary>
/// The fields of PortOne's Payment object this app reads. Text is cleaned as it is read (<see cref="PortOneText"/>);
/// identifiers and amounts are exactly what PortOne sent.
/// </summary>
public sealed record PortOnePayment
{
    [PortOneIdentifier] public required string ImpUid { get; init; }
    [PortOneIdentifier] public required string MerchantUid { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? PayMethod { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? Channel { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? PgProvider { get; init; }
    public bool Sandbox { get; init; }
    public bool Escrow { get; init; }
    [JsonConverter(typeof(PortOneText))] public required string Status { get; init; }
    public decimal Amount { get; init; }
    public decimal CancelAmount { get; init; }
    [JsonConverter(typeof(PortOneText))] public string Currency { get; init; } = "KRW";
    [JsonConverter(typeof(PortOneText))] public string? Name { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? ApplyNum { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CardCode { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CardName { get; init; }
    public int CardQuota { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CardNumber { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? BankCode { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? VbankCode { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? VbankName { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? VbankNum { get; init; }
    public long VbankDate { get; init; }
    public long PaidAt { get; init; }
    public long CancelledAt { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? FailReason { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? CancelReason { get; init; }
    [JsonConverter(typeof(PortOneText))] public string? ReceiptUrl { get; init; }
    [PortOneIdentifier] public string? CustomerUid { get; init; }
    public bool CashReceiptIssued { get; init; }
    public IReadOnlyList<PortOneCancellation> CancelHistory { get; init; } = [];

    public decimal CancellableBalance => Amount - CancelAmount;
}

public sealed record PortOneCancellation([property: PortOneIdentifier] string? PgTid, decimal Amount, long CancelledAt, [property: JsonConverter(typeof(PortOneText))] string? Reason,
    [property: PortOneIdentifier] string? CancellationId, [property: JsonConverter(typeof(PortOneText))] string? ReceiptUrl);

/// <summary>Body of <c>POST /receipts/{imp_uid}</c>. <see cref="Type"/> is <c>person</c> (소득공제) or <c>company</c> (지출증빙).</summary>
public sealed record CashReceiptRequest(string Identifier, string IdentifierType, string Type, string? BuyerName, string? BuyerEmail, string? BuyerTel, long? TaxFree);

/// <summary>PortOne's Receipt: the National Tax Service approval number and, where the PG gives one, a slip.</summary>
public sealed record PortOneReceipt([property: PortOneIdentifier] string ImpUid, [property: PortOneIdentifier] string? ReceiptTid, [property: JsonConverter(typeof(PortOneText))] string? ApplyNum,
    [property: JsonConverter(typeof(PortOneText))] string Type, long Amount, long Vat, [property: JsonConverter(typeof(PortOneText))] string? ReceiptUrl, long AppliedAt, long CancelledAt);

/// <summary>Body of <c>POST /payments/cancel</c>. <see cref="Checksum"/> is the balance we believe is cancellable.</summary>
public sealed record CancelPaymentRequest
{
    public string? ImpUid { get; init; }
    public string? MerchantUid { get; init; }
    public decimal? Amount { get; init; }
    public decimal? TaxFree { get; init; }
    public required decimal Checksum { get; init; }
    public required string Reason { get; init; }
    public string? RefundHolder { get; init; }
    public string? RefundBank { get; init; }
    public string? RefundAccount { get; init; }
}
