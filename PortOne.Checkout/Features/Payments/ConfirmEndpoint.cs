using System.Text.Json;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// <c>POST /api/v1/payments/confirm</c>: PortOne asks, just before approval, whether to go on.
/// 200 approves; anything else stops the payment and PortOne shows our <c>reason</c> to the shopper.
/// </summary>
public static class ConfirmEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, OrderStore orders, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ConfirmEndpoint));
        ConfirmRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<ConfirmRequest>(PortOneClient.Json, cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is not { MerchantUid: { Length: > 0 } merchantUid, Amount: { } amount })
        {
            return Refuse(StatusCodes.Status400BadRequest, "주문 정보를 확인할 수 없습니다. / The order could not be identified.");
        }

        var order = await orders.FindAsync(merchantUid, cancellationToken);
        if (order is null)
        {
            logger.LogWarning("Confirm for unknown order {MerchantUid} ({ImpUid})", merchantUid, body.ImpUid);
            return Refuse(StatusCodes.Status404NotFound, "주문을 찾을 수 없습니다. / Order not found.");
        }
        if (order.Status != OrderStatus.Pending)
        {
            return Refuse(StatusCodes.Status409Conflict, "이미 처리된 주문입니다. / This order has already been processed.");
        }
        if (amount != order.Amount)
        {
            logger.LogWarning("Confirm refused for {MerchantUid}: amount {Amount} but order is {OrderAmount}", merchantUid, amount, order.Amount);
            return Refuse(StatusCodes.Status400BadRequest, "결제 금액이 주문 금액과 다릅니다. / The amount differs from the order.");
        }
        return Results.Ok(new { result = "approved" });
    }

    private static IResult Refuse(int status, string reason) => Results.Json(new { reason }, statusCode: status);

    private sealed record ConfirmRequest(string? ImpUid, string? MerchantUid, decimal? Amount);
}
