using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

internal static class PaymentsApi
{
    private const string NotFoundMessage = "존재하지 않는 결제정보입니다.";
    private static readonly string[] Statuses = [PaymentStatus.Ready, PaymentStatus.Paid, PaymentStatus.Failed, PaymentStatus.Cancelled];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/payments/{imp_uid}", Get);
        api.MapGet("/payments/find/{merchant_uid}", (string merchant_uid, PaymentStore store) => Find(merchant_uid, null, store));
        api.MapGet("/payments/find/{merchant_uid}/{payment_status}", Find);
    }

    /// <summary>
    /// Since 2026-01-26 PortOne hides test-channel payments from this endpoint unless include_sandbox=true;
    /// every sandbox payment is a test-channel payment.
    /// </summary>
    private static IResult Get(string imp_uid, HttpRequest request, PaymentStore store)
    {
        var includeSandbox = string.Equals(request.Query["include_sandbox"], "true", StringComparison.OrdinalIgnoreCase);
        if (!includeSandbox || store.Find(imp_uid) is not { } entry)
        {
            return Envelope.NotFound(NotFoundMessage);
        }
        return Results.Bytes(entry.EnvelopeJson, "application/json; charset=utf-8");
    }

    private static IResult Find(string merchant_uid, string? payment_status, PaymentStore store)
    {
        if (payment_status is not null && !Statuses.Contains(payment_status))
        {
            return Envelope.BadRequest("payment_status는 ready, paid, failed, cancelled 중 하나여야 합니다.");
        }
        return store.FindLatest(merchant_uid, payment_status) is { } entry
            ? Results.Bytes(entry.EnvelopeJson, "application/json; charset=utf-8")
            : Envelope.NotFound(NotFoundMessage);
    }
}
