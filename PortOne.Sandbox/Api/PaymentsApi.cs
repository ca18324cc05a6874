using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

internal static class PaymentsApi
{
    private const string NotFoundMessage = "존재하지 않는 결제정보입니다.";
    private const int MaxMultiGet = 100;
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);
    private static readonly string[] Statuses = [PaymentStatus.Ready, PaymentStatus.Paid, PaymentStatus.Failed, PaymentStatus.Cancelled];
    private static readonly string[] Sortings = ["-started", "started", "-paid", "paid", "-updated", "updated"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/payments", GetMany);
        api.MapGet("/payments/{imp_uid}", Get);
        api.MapGet("/payments/find/{merchant_uid}", (string merchant_uid, PaymentStore store) => Find(merchant_uid, null, store));
        api.MapGet("/payments/find/{merchant_uid}/{payment_status}", Find);
        api.MapGet("/payments/findAll/{merchant_uid}", (string merchant_uid, HttpRequest request, PaymentStore store) => FindAll(merchant_uid, null, request, store));
        api.MapGet("/payments/findAll/{merchant_uid}/{payment_status}", FindAll);
        api.MapGet("/payments/status/{payment_status}", ByStatus);
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

    /// <summary>
    /// imp_uid[] and merchant_uid[] together (max 100); a merchant_uid yields its latest payment. Only the
    /// single lookup hides sandbox payments without include_sandbox, so this one does not ask for it.
    /// </summary>
    private static IResult GetMany(HttpRequest request, PaymentStore store)
    {
        var impUids = request.Query["imp_uid[]"].OfType<string>().ToArray();
        var merchantUids = request.Query["merchant_uid[]"].OfType<string>().ToArray();
        if (impUids.Length + merchantUids.Length == 0)
        {
            return Envelope.BadRequest("imp_uid[] 또는 merchant_uid[] 중 하나 이상이 필요합니다.");
        }
        if (impUids.Length + merchantUids.Length > MaxMultiGet)
        {
            return Envelope.BadRequest("한 번에 최대 100건까지 조회할 수 있습니다.");
        }
        var found = impUids.Select(store.Find).Concat(merchantUids.Select(m => store.FindLatest(m))).ToArray();
        var payments = found.OfType<PaymentStore.Entry>().Select(e => e.Payment).DistinctBy(p => p.ImpUid).ToArray();
        return payments.Length == 0 ? Envelope.NotFound("해당되는 결제건을 찾지 못하였습니다.")
            : found.Any(e => e is null) ? Envelope.Partial(payments)
            : Envelope.Success(payments);
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

    private static IResult FindAll(string merchant_uid, string? payment_status, HttpRequest request, PaymentStore store)
    {
        if (payment_status is not null && !Statuses.Contains(payment_status))
        {
            return Envelope.BadRequest("payment_status는 ready, paid, failed, cancelled 중 하나여야 합니다.");
        }
        var matches = store.ForMerchantUid(merchant_uid).Where(e => payment_status is null || e.Payment.Status == payment_status).ToArray();
        if (matches.Length == 0)
        {
            return Envelope.NotFound(NotFoundMessage);
        }
        return PageOf(matches, request);
    }

    /// <summary>from/to bound the time of each payment's latest status (PortOne: "결제건의 최종 status" time), at most 90 days apart.</summary>
    private static IResult ByStatus(string payment_status, HttpRequest request, PaymentStore store, TimeProvider clock)
    {
        if (payment_status != "all" && !Statuses.Contains(payment_status))
        {
            return Envelope.BadRequest("payment_status는 all, ready, paid, failed, cancelled 중 하나여야 합니다.");
        }
        var to = Paging.ParseLong(request.Query["to"]) ?? clock.GetUtcNow().ToUnixTimeSeconds();
        var from = Paging.ParseLong(request.Query["from"]) ?? to - (long)MaxWindow.TotalSeconds;
        if ((request.Query["to"].Count > 0 && Paging.ParseLong(request.Query["to"]) is null)
            || (request.Query["from"].Count > 0 && Paging.ParseLong(request.Query["from"]) is null))
        {
            return Envelope.BadRequest("from, to는 unix timestamp(초)여야 합니다.");
        }
        if (from > to || to - from > (long)MaxWindow.TotalSeconds)
        {
            return Envelope.BadRequest("조회 기간(from ~ to)은 90일 이내여야 합니다.");
        }
        var matches = store.All
            .Where(e => (payment_status == "all" || e.Payment.Status == payment_status) && Updated(e.Payment) >= from && Updated(e.Payment) <= to)
            .ToArray();
        return PageOf(matches, request);
    }

    private static IResult PageOf(IReadOnlyList<PaymentStore.Entry> entries, HttpRequest request)
    {
        var sorting = request.Query["sorting"].ToString() is { Length: > 0 } s ? s : "-started";
        if (!Sortings.Contains(sorting))
        {
            return Envelope.BadRequest("sorting은 -started, started, -paid, paid, -updated, updated 중 하나여야 합니다.");
        }
        var (page, limit, error) = Paging.Read(request);
        if (error is not null)
        {
            return Envelope.BadRequest(error);
        }
        Func<PaymentStore.Entry, long> key = sorting.TrimStart('-') switch
        {
            "paid" => e => e.Payment.PaidAt,
            "updated" => e => Updated(e.Payment),
            _ => e => e.Payment.StartedAt,
        };
        var ordered = sorting.StartsWith('-')
            ? entries.OrderByDescending(key).ThenByDescending(e => e.Sequence)
            : entries.OrderBy(key).ThenBy(e => e.Sequence);
        var paged = Paging.Slice(ordered.Select(e => e.Payment).ToArray(), page, limit);
        return paged is null ? Envelope.BadRequest("데이터 범위를 넘어선 page입니다.") : Envelope.Success(paged);
    }

    private static long Updated(Payment p) => Math.Max(Math.Max(p.StartedAt, p.PaidAt), Math.Max(p.FailedAt, p.CancelledAt));
}
