using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// The <c>PortOne:Notice</c> section. The allow-list is a second fence, never the only check: every
/// notice is verified by re-reading the payment from PortOne anyway.
/// </summary>
public sealed class NoticeOptions
{
    public const string Section = "PortOne:Notice";

    /// <summary>PortOne V1's webhook senders, as PortOne documents them.</summary>
    public static readonly IReadOnlyList<string> PortOneSourceIps = ["52.78.100.19", "52.78.48.223", "52.78.5.241"];

    /// <summary>
    /// Refuse notices from any other address. Off by default. Behind a reverse proxy the connection's
    /// address is the proxy's: name the proxy (ReverseProxy:KnownProxies or :KnownNetworks)
    /// before turning this on, or every notice is refused.
    /// </summary>
    public bool RestrictSourceIps { get; set; }

    /// <summary>Allowed sources; empty means <see cref="PortOneSourceIps"/>.</summary>
    public string[] SourceIps { get; set; } = [];

    internal IReadOnlySet<IPAddress> Allowed() =>
        (SourceIps.Length > 0 ? SourceIps : PortOneSourceIps).Select(ip => IPAddress.Parse(ip.Trim())).ToHashSet();
}

public sealed class NoticeOptionsValidator : IValidateOptions<NoticeOptions>
{
    public ValidateOptionsResult Validate(string? name, NoticeOptions options)
    {
        var bad = options.SourceIps.Where(ip => !IPAddress.TryParse(ip?.Trim(), out _)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"PortOne:Notice:SourceIps has entries that are not IP addresses: {string.Join(", ", bad)}");
    }
}

/// <summary>
/// <c>POST /api/v1/payments/notice</c>, PortOne's webhook. The body only says which payment to
/// look at: its <c>status</c> is ignored and the payment is re-read from PortOne.
/// </summary>
public static partial class NoticeEndpoint
{
    /// <summary>PortOne's notices are a few hundred bytes; anything near this is not PortOne.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static async Task<IResult> HandleAsync(HttpRequest request, PaymentSync sync, IOptions<NoticeOptions> options, ILoggerFactory loggers,
        PaymentMetrics metrics, CancellationToken cancellationToken)
    {
        IResult answer;
        try
        {
            answer = await AnswerAsync(request, sync, options, loggers, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception handler answers it 500, and PortOne will send it again.
            metrics.WebhookAnswered(StatusCodes.Status500InternalServerError);
            throw;
        }
        metrics.WebhookAnswered(answer is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status200OK);
        return answer;
    }

    private static async Task<IResult> AnswerAsync(HttpRequest request, PaymentSync sync, IOptions<NoticeOptions> options, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (options.Value.RestrictSourceIps && !IsAllowedSource(request.HttpContext.Connection.RemoteIpAddress, options.Value))
        {
            LogForeignSource(Logger(loggers), request.HttpContext.Connection.RemoteIpAddress);
            return Results.Json(new { error = "source not allowed" }, statusCode: StatusCodes.Status403Forbidden);
        }
        var notice = await NoticeBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (notice.Error is { } error)
        {
            LogRefused(Logger(loggers), error);
            return Results.Json(new { error }, statusCode: notice.StatusCode);
        }
        try
        {
            var result = await sync.SyncAsync(notice.ImpUid!, SyncSource.Webhook, cancellationToken);
            // Written whole with its length, so the answer leaves in one write instead of as chunks and a last
            // empty chunk: each write is a wake-up on both ends, and PortOne's notices come in storms.
            return Results.Bytes(JsonSerializer.SerializeToUtf8Bytes(new NoticeAnswer(result.Outcome.ToString(), result.Order?.Status),
                NoticeJson.Default.NoticeAnswer), "application/json; charset=utf-8");
        }
        catch (PortOneApiException ex)
        {
            // Only now do we want PortOne to try again: nothing was decided.
            LogPortOneUnavailable(Logger(loggers), ex, notice.ImpUid);
            return Results.Json(new { error = "PortOne API unavailable; retry later" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>Only when there is something to say: a logger by type name spells that name out on every call.</summary>
    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(NoticeEndpoint));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suspicious webhook from {RemoteIp}, which is not one of PortOne's addresses")]
    private static partial void LogForeignSource(ILogger logger, System.Net.IPAddress? remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused webhook: {Error}")]
    private static partial void LogRefused(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {ImpUid} not handled: PortOne's API did not answer")]
    private static partial void LogPortOneUnavailable(ILogger logger, Exception exception, string? impUid);

    /// <summary>The connection's address (rewritten by the forwarded-headers middleware only when the deployment configures it).</summary>
    private static bool IsAllowedSource(IPAddress? remote, NoticeOptions options) =>
        remote is not null && options.Allowed().Contains(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}

/// <summary>What a handled notice is answered: how the sync ended and the order's status after it.</summary>
public sealed record NoticeAnswer(string Outcome, string? Status);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NoticeAnswer))]
internal sealed partial class NoticeJson : JsonSerializerContext;

/// <summary>The notice body: JSON or form-encoded <c>imp_uid</c>, <c>merchant_uid</c>, <c>status</c>, <c>cancellation_id</c>.</summary>
public sealed record NoticeBody(string? ImpUid, string? MerchantUid, string? Status, string? Error, int StatusCode = StatusCodes.Status400BadRequest)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<NoticeBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (await CappedBody.ReadAsync(request, maxBytes, cancellationToken) is not { } body)
        {
            return Refuse("body too large", StatusCodes.Status413PayloadTooLarge);
        }

        string? impUid = null, merchantUid = null, status = null;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                // Two imp_uids in one notice is not PortOne: refuse it rather than pick one.
                using var json = JsonDocument.Parse(body, StrictJson);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Refuse("JSON body must be an object");
                }
                // Only text and numbers count as a field's value; a field of any other kind is as good as absent.
                // Every text field is decoded, used or not: one that is not valid text refuses the notice (below).
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                    {
                        continue;
                    }
                    var value = property.Value.ToString();
                    if (property.NameEquals("imp_uid"u8))
                    {
                        impUid = value;
                    }
                    else if (property.NameEquals("merchant_uid"u8))
                    {
                        merchantUid = value;
                    }
                    else if (property.NameEquals("status"u8))
                    {
                        status = value;
                    }
                }
            }
            catch (JsonException)
            {
                return Refuse("malformed JSON");
            }
            catch (InvalidOperationException)
            {
                // The parser checks string contents only when they are read: invalid UTF-8 bytes, or an
                // escaped lone surrogate such as "\ud800", which no text can hold.
                return Refuse("a field is not valid UTF-8 text");
            }
        }
        else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(body);
            }
            catch (DecoderFallbackException)
            {
                return Refuse("the body is not valid UTF-8 text");
            }
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + text);
            if (query.Values.Any(v => v.Count > 1))
            {
                return Refuse("a field is repeated");
            }
            // The parsed query ignores case in names; PortOne's fields are lower case, exactly.
            impUid = Field(query, "imp_uid");
            merchantUid = Field(query, "merchant_uid");
            status = Field(query, "status");
        }
        else
        {
            return Refuse("Content-Type must be application/json or application/x-www-form-urlencoded", StatusCodes.Status415UnsupportedMediaType);
        }

        if (!PortOneIds.IsImpUid(impUid))
        {
            return Refuse("imp_uid is missing or is not a PortOne payment id");
        }
        return new NoticeBody(impUid, merchantUid, status, null);
    }

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private static string? Field(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string name) =>
        query.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)) is { Key: not null } field ? field.Value.ToString() : null;

    private static NoticeBody Refuse(string error, int statusCode = StatusCodes.Status400BadRequest) =>
        new(null, null, null, error, statusCode);
}

/// <summary>Reads a request body up to a cap, so a stranger's upload cannot fill memory.</summary>
public static class CappedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/> (read no further than that).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        // Read into a pooled buffer one byte larger than allowed, so that a body over the cap shows itself
        // without being read any further; only what was sent is copied out.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }
            return length > maxBytes ? null : buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
