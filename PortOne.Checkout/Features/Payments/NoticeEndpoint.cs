using System.Text.Json;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// <c>POST /api/v1/payments/notice</c>, PortOne's webhook. The body only says which payment to
/// look at: its <c>status</c> is ignored and the payment is re-read from PortOne.
/// </summary>
public static class NoticeEndpoint
{
    /// <summary>PortOne's notices are a few hundred bytes; anything near this is not PortOne.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static async Task<IResult> HandleAsync(HttpRequest request, PaymentSync sync, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(NoticeEndpoint));
        var notice = await NoticeBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (notice.Error is { } error)
        {
            logger.LogWarning("Refused webhook: {Error}", error);
            return Results.Json(new { error }, statusCode: notice.StatusCode);
        }
        try
        {
            var result = await sync.SyncAsync(notice.ImpUid!, SyncSource.Webhook, cancellationToken);
            return Results.Ok(new { outcome = result.Outcome.ToString(), status = result.Order?.Status });
        }
        catch (PortOneApiException ex)
        {
            // Only now do we want PortOne to try again: nothing was decided.
            logger.LogWarning(ex, "Webhook for {ImpUid} not handled: PortOne's API did not answer", notice.ImpUid);
            return Results.Json(new { error = "PortOne API unavailable; retry later" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>The notice body: JSON or form-encoded <c>imp_uid</c>, <c>merchant_uid</c>, <c>status</c>, <c>cancellation_id</c>.</summary>
public sealed record NoticeBody(string? ImpUid, string? MerchantUid, string? Status, string? Error, int StatusCode = StatusCodes.Status400BadRequest)
{
    private const int MaxIdLength = 64;

    public static async Task<NoticeBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return Refuse("body too large", StatusCodes.Status413PayloadTooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return Refuse("body too large", StatusCodes.Status413PayloadTooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();

        Dictionary<string, string?> fields;
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Refuse("JSON body must be an object");
                }
                fields = json.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    .ToDictionary(p => p.Name, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
            }
            catch (JsonException)
            {
                return Refuse("malformed JSON");
            }
        }
        else if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + System.Text.Encoding.UTF8.GetString(body));
            fields = query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
        }
        else
        {
            return Refuse("Content-Type must be application/json or application/x-www-form-urlencoded", StatusCodes.Status415UnsupportedMediaType);
        }

        var impUid = fields.GetValueOrDefault("imp_uid");
        if (string.IsNullOrWhiteSpace(impUid) || impUid.Length > MaxIdLength || impUid.Any(char.IsControl))
        {
            return Refuse("imp_uid is missing or malformed");
        }
        return new NoticeBody(impUid, fields.GetValueOrDefault("merchant_uid"), fields.GetValueOrDefault("status"), null);
    }

    private static NoticeBody Refuse(string error, int statusCode = StatusCodes.Status400BadRequest) =>
        new(null, null, null, error, statusCode);
}
