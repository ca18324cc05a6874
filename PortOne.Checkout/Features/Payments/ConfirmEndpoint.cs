using System.Text.Json;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// <c>POST /api/v1/payments/confirm</c>: PortOne asks, just before approval, whether to go on.
/// 200 approves; anything else stops the payment and PortOne shows our <c>reason</c> to the shopper.
/// </summary>
public static partial class ConfirmEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, OrderStore orders, PortOneClient portOne, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ConfirmEndpoint));
        // PortOne's confirm body is three short fields, like a notice: read no more than a notice may be.
        if (await CappedBody.ReadAsync(request, NoticeEndpoint.MaxBodyBytes, cancellationToken) is not { } bytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "주문 정보를 확인할 수 없습니다. / The order could not be identified.");
        }
        ConfirmRequest? body;
        try
        {
            body = request.HasJsonContentType() ? JsonSerializer.Deserialize<ConfirmRequest>(bytes, PortOneClient.Json) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or text that is not UTF-8 (a lone surrogate, invalid bytes).
            body = null;
        }
        if (body is not { MerchantUid: { Length: > 0 } merchantUid, Amount: { } amount }
            // When PortOne names the payment it is in PortOne's shape; anything else never reaches its API.
            || (body.ImpUid is not null && !PortOneIds.IsImpUid(body.ImpUid))
            // Both are logged below as sent, and a line break in one would forge a log line: no order number or currency has one.
            || !SingleLine.Allows(merchantUid) || !SingleLine.Allows(body.Currency))
        {
            return Refuse(StatusCodes.Status400BadRequest, "주문 정보를 확인할 수 없습니다. / The order could not be identified.");
        }

        // PortOne treats no answer within 5 s as a refusal; refuse with a reason before that instead.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AnswerWithin);
        Order? order;
        try
        {
            order = await orders.FindAsync(merchantUid, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogOrderUnreadable(logger, merchantUid);
            return Refuse(StatusCodes.Status503ServiceUnavailable, "잠시 후 다시 시도해 주세요. / Please try again in a moment.");
        }
        if (order is null)
        {
            LogUnknownOrder(logger, merchantUid, body.ImpUid);
            return Refuse(StatusCodes.Status404NotFound, "주문을 찾을 수 없습니다. / Order not found.");
        }
        // A failed attempt (a window someone declined) does not close the order: a later window for it may still pay.
        if (order.Status is not (OrderStatus.Pending or OrderStatus.Failed))
        {
            return Refuse(StatusCodes.Status409Conflict, "이미 처리된 주문입니다. / This order has already been processed.");
        }
        if (body.Currency is { Length: > 0 } currency && !string.Equals(currency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            LogCurrencyDiffers(logger, merchantUid, currency, order.Currency);
            return Refuse(StatusCodes.Status400BadRequest, "결제 통화가 주문과 다릅니다. / The currency differs from the order.");
        }
        if (amount != order.Amount)
        {
            LogAmountDiffers(logger, merchantUid, amount, order.Amount);
            return Refuse(StatusCodes.Status400BadRequest, "결제 금액이 주문 금액과 다릅니다. / The amount differs from the order.");
        }
        if (body.Currency is null)
        {
            // PortOne's confirm body names no currency; the payment it is about (still ready) does.
            try
            {
                var payment = body.ImpUid is { Length: > 0 } impUid ? await portOne.GetPaymentAsync(impUid, deadline.Token) : null;
                if (payment is null || payment.MerchantUid != merchantUid)
                {
                    LogUnknownPayment(logger, merchantUid, body.ImpUid);
                    return Refuse(StatusCodes.Status400BadRequest, "결제 정보를 확인할 수 없습니다. / The payment could not be verified.");
                }
                if (!string.Equals(payment.Currency, order.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    LogCurrencyAtPortOne(logger, merchantUid, payment.Currency, order.Currency);
                    return Refuse(StatusCodes.Status400BadRequest, "결제 통화가 주문과 다릅니다. / The currency differs from the order.");
                }
            }
            // Past the deadline the call fails however its transport reports the cancel (Flurl wraps it).
            catch (Exception ex) when (ex is PortOneApiException || (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
            {
                // Unverified means refused: the shopper may try again, while an approval cannot be taken back.
                LogLookupFailed(logger, ex, merchantUid, body.ImpUid);
                return Refuse(StatusCodes.Status503ServiceUnavailable, "잠시 후 다시 시도해 주세요. / Please try again in a moment.");
            }
        }
        return Results.Ok(new { result = "approved" });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm for {MerchantUid} refused: the order could not be read in time")]
    private static partial void LogOrderUnreadable(ILogger logger, string merchantUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm for unknown order {MerchantUid} ({ImpUid})")]
    private static partial void LogUnknownOrder(ILogger logger, string merchantUid, string? impUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm refused for {MerchantUid}: currency {Currency} but order is {OrderCurrency}")]
    private static partial void LogCurrencyDiffers(ILogger logger, string merchantUid, string currency, string orderCurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm refused for {MerchantUid}: amount {Amount} but order is {OrderAmount}")]
    private static partial void LogAmountDiffers(ILogger logger, string merchantUid, decimal amount, long orderAmount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm refused for {MerchantUid}: PortOne has no payment {ImpUid} for it")]
    private static partial void LogUnknownPayment(ILogger logger, string merchantUid, string? impUid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm refused for {MerchantUid}: PortOne's payment is in {Currency}, the order in {OrderCurrency}")]
    private static partial void LogCurrencyAtPortOne(ILogger logger, string merchantUid, string currency, string orderCurrency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirm for {MerchantUid} refused: PortOne did not answer about {ImpUid} in time")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string merchantUid, string? impUid);

    private static IResult Refuse(int status, string reason) => Results.Json(new { reason }, statusCode: status);

    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(4);

    /// <summary>PortOne documents imp_uid, merchant_uid and amount; a currency, when sent, must match too.</summary>
    private sealed record ConfirmRequest(string? ImpUid, string? MerchantUid, decimal? Amount, string? Currency);
}
