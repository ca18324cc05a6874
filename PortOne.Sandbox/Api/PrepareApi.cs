using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

internal static class PrepareApi
{
    private const string NotPrepared = "사전등록된 결제정보가 존재하지 않습니다.";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/payments/prepare", (HttpRequest request, PaymentStore store, CancellationToken ct) => SaveAsync(request, store, create: true, ct));
        api.MapPut("/payments/prepare", (HttpRequest request, PaymentStore store, CancellationToken ct) => SaveAsync(request, store, create: false, ct));
        api.MapGet("/payments/prepare/{merchant_uid}", (string merchant_uid, PaymentStore store) =>
            store.FindPrepared(merchant_uid) is { } prepared ? Envelope.Success(prepared) : Envelope.NotFound(NotPrepared));
    }

    private static async Task<IResult> SaveAsync(HttpRequest request, PaymentStore store, bool create, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        var merchantUid = body.String("merchant_uid");
        decimal? amount;
        try
        {
            amount = body.Decimal("amount");
        }
        catch (FormatException)
        {
            return Envelope.BadRequest("amount는 숫자여야 합니다.");
        }
        if (string.IsNullOrEmpty(merchantUid) || amount is null)
        {
            return Envelope.BadRequest("merchant_uid, amount 파라미터가 누락되었습니다.");
        }
        if (merchantUid.Length > 40)
        {
            return Envelope.BadRequest("merchant_uid는 40자 이내여야 합니다.");
        }
        var currency = body.String("currency") is { Length: > 0 } c ? c : null;
        var prepared = new Prepared(merchantUid, amount.Value, currency);
        if (create)
        {
            // UNCERTAIN in PortOne's docs: re-registering silently would let a tampered amount slip through,
            // so the safer answer is a refusal that points at PUT.
            return store.TryAddPrepared(prepared)
                ? Envelope.Success(prepared)
                : Envelope.Refused("이미 사전등록된 merchant_uid입니다. 금액 변경은 PUT /payments/prepare 를 사용하세요.");
        }
        return store.TryUpdatePrepared(prepared) ? Envelope.Success(prepared) : Envelope.NotFound(NotPrepared);
    }
}
